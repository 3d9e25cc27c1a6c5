import type * as Ast from './ast';
import { BLOCK_STATES, COUNT_FIELDS, DURATION_FIELDS, INSTANCE_FIELDS, INSTANCE_STATES, OUTCOMES, SIM_ACTIONS, SUSPEND_STATES, SWITCH_KINDS, WORD_FIELDS } from './ast';
import type { Diagnostic, LineMap } from './diagnostic';
import { spanAfter, spanOf } from './diagnostic';
import { lex, type Token } from './lexer';
import { describe, StatementError } from './token-cursor';
import { closest, OPERATIONS } from './units';
import { ValueParser } from './value-parser';

export interface ParseResult {
  script: Ast.Script;
  diagnostics: Diagnostic[];
  lines: LineMap;
}

const NATURES = ['kernel', 'param', 'other'] as const;
const MAX_DEPTH = 32;

/**
 * Parses a `.fsw` script. Hand-written recursive descent, one statement per
 * line (or `;`), so that a bad line is reported and skipped while the rest is
 * still read: every problem comes back at once. Never throws.
 */
export function parse(text: string): ParseResult {
  const { tokens, diagnostics, lines } = lex(text);
  const parser = new Parser(tokens, text, lines, diagnostics);
  let script: Ast.Script;
  try {
    script = parser.parseScript();
  } catch (error) {
    // A bug in the parser must not take the editor down: say so where it happened.
    const at = parser.current().range;
    diagnostics.push({ severity: 'error', code: 'internal/parser', message: `internal parser error: ${String(error)}`, range: at });
    script = { statements: [], directives: [] };
  }
  diagnostics.sort((a, b) => a.range.offset - b.range.offset);
  return { script, diagnostics, lines };
}

class Parser extends ValueParser {
  private depth = 0;

  // ---- script and blocks -------------------------------------------------

  parseScript(): Ast.Script {
    const directives = this.parseDirectives();
    const statements = this.parseStatements(false);
    return { statements, directives };
  }

  private parseDirectives(): Ast.Directive[] {
    const directives: Ast.Directive[] = [];
    for (const token of this.tokens) {
      if (token.kind === 'newline') continue;
      if (token.kind !== 'comment') break;
      const match = /^#\s*([a-z][a-z0-9-]*)\s*:\s*(.*?)\s*$/.exec(token.text);
      if (match) directives.push({ key: match[1] ?? '', value: match[2] ?? '', range: token.range });
    }
    return directives;
  }

  /** Statements until the end of the file, or until the `}` closing a block. */
  private parseStatements(inBlock: boolean): Ast.Statement[] {
    const statements: Ast.Statement[] = [];
    for (;;) {
      const token = this.current();
      if (token.kind === 'eof') return statements;
      if (token.kind === 'newline' || token.kind === 'semi' || token.kind === 'comment') {
        this.advance();
        continue;
      }
      if (token.kind === 'rbrace') {
        if (inBlock) return statements;
        this.error(token.range, 'syntax/stray-brace', "'}' without a matching 'repeat N {'", { range: token.range, replacement: '', title: "remove '}'" });
        this.advance();
        continue;
      }
      const statement = this.parseStatement();
      if (statement) statements.push(statement);
    }
  }

  private parseStatement(): Ast.Statement | null {
    const start = this.current();
    try {
      const statement = this.parseOperation();
      this.expectEndOfStatement(statementName(statement));
      return statement;
    } catch (error) {
      if (!(error instanceof StatementError)) throw error;
      if (error.diagnostic) this.diagnostics.push(error.diagnostic);
      this.skipStatement();
      return { op: 'invalid', range: spanOf(start.range, this.previous().range) };
    }
  }

  /** Skips the rest of a bad statement; a block opened on it is still read, for its own diagnostics. */
  private skipStatement(): void {
    for (;;) {
      const token = this.current();
      if (token.kind === 'eof' || token.kind === 'newline' || token.kind === 'semi' || token.kind === 'rbrace') return;
      if (token.kind === 'lbrace') {
        this.parseBlock(token);
        continue;
      }
      this.advance();
    }
  }

  private expectEndOfStatement(op: string): void {
    const token = this.current();
    if (this.atEnd()) return;
    const tail = this.restOfStatement();
    this.fail(tail, 'syntax/trailing', `unexpected ${describe(token)} after the end of the ${op} statement`, {
      range: { ...tail, length: tail.length },
      replacement: '',
      title: 'remove the extra text',
    });
  }

  // ---- operations ----------------------------------------------------------

  private parseOperation(): Ast.Statement {
    const token = this.current();
    if (token.kind !== 'word') {
      this.fail(token.range, 'syntax/expected-operation', `expected an operation (${OPERATIONS.slice(0, 6).join(', ')}, …) but found ${describe(token)}`);
    }
    const word = token.text;
    switch (word) {
      case 'reserve':
      case 'release':
        return this.parseReserveOrRelease(word);
      case 'load':
        return this.parseLoad();
      case 'boot':
        return this.parseBoot();
      case 'switch':
        return this.parseSwitch();
      case 'request':
        return this.parseRequest();
      case 'terminate':
        return this.parseTerminate();
      case 'wait':
        return this.parseWait();
      case 'repeat':
        return this.parseRepeat();
      case 'wakelock':
        return this.parseWakelock();
      case 'shell':
      case 'mark':
        return this.parseShellOrMark(word);
      case 'expect':
        return this.parseExpect();
      case 'sim':
        return this.parseSim();
      case 'suspend':
        return this.parseSuspend();
      case 'dimm':
        return this.parseDimm();
      case 'online':
      case 'offline':
        return this.parseOnlineOffline(word);
      default: {
        const guess = closest(word, OPERATIONS);
        const fix = guess ? { range: token.range, replacement: guess, title: `change to '${guess}'` } : undefined;
        const hint = guess ? `; did you mean '${guess}'?` : ` (operations: ${OPERATIONS.join(', ')})`;
        return this.fail(token.range, 'syntax/unknown-operation', `unknown operation '${word}'${hint}`, fix);
      }
    }
  }

  private parseReserveOrRelease(op: 'reserve' | 'release'): Ast.Reserve | Ast.Release {
    const keyword = this.advance();
    const amount = this.parseAmount(op);
    this.expectWord('at', `${op} needs 'at ADDRESS' after the amount`);
    const at = this.parseAddress();
    let instance: Ast.InstanceRef | undefined;
    if (this.isWord('for')) {
      this.advance();
      instance = this.parseInstance();
    }
    const range = spanOf(keyword.range, this.previous().range);
    return instance ? { op, amount, at, for: instance, range } : { op, amount, at, range };
  }

  private parseLoad(): Ast.Load {
    const keyword = this.advance();
    const token = this.current();
    let source: Ast.Load['source'];
    if (token.kind === 'string') {
      this.advance();
      const raw = token.str ?? '';
      const onDevice = raw.startsWith('device:');
      const path = onDevice ? raw.slice('device:'.length) : raw;
      if (path.length === 0) this.fail(token.range, 'syntax/empty-path', 'load needs a file path inside the quotes');
      source = { kind: 'file', path, onDevice, range: token.range };
    } else if (token.kind === 'word' && token.text === 'atags') {
      this.advance();
      source = { kind: 'atags', range: token.range };
    } else if (token.kind === 'word' && token.text !== 'at') {
      const path = this.spanUntilWord('at');
      const written = this.text.slice(path.offset, path.offset + path.length);
      this.fail(path, 'syntax/unquoted-path', `put the file path in quotes: ${JSON.stringify(written)}`, { range: path, replacement: JSON.stringify(written), title: 'quote the path' });
    } else {
      this.fail(this.here(), 'syntax/expected-path', `load needs a quoted file path or 'atags' but found ${describe(token)}`);
    }
    this.expectWord('at', "load needs 'at ADDRESS' after the file");
    const at = this.parseAddress();
    const load: Ast.Load = { op: 'load', source, at, range: keyword.range };
    while (this.isWord('as') || this.isWord('for')) {
      const clause = this.advance();
      if (clause.text === 'as') {
        if (load.nature) this.fail(clause.range, 'syntax/duplicate-clause', "'as' is given twice");
        const natureToken = this.current();
        if (natureToken.kind !== 'word' || !(NATURES as readonly string[]).includes(natureToken.text)) {
          const guess = natureToken.kind === 'word' ? closest(natureToken.text, NATURES) : undefined;
          this.fail(this.here(), 'syntax/bad-nature', `after 'as' write kernel, param or other, not ${describe(natureToken)}`, guess ? { range: natureToken.range, replacement: guess, title: `change to '${guess}'` } : undefined);
        }
        this.advance();
        load.nature = { text: natureToken.text, value: natureToken.text as Ast.LoadNature, range: natureToken.range };
      } else {
        if (load.for) this.fail(clause.range, 'syntax/duplicate-clause', "'for' is given twice");
        load.for = this.parseInstance();
      }
    }
    load.range = spanOf(keyword.range, this.previous().range);
    return load;
  }

  private parseBoot(): Ast.Boot {
    const keyword = this.advance();
    const instance = this.parseInstance();
    const timeout = this.parseOptionalTimeout();
    const range = spanOf(keyword.range, this.previous().range);
    return timeout ? { op: 'boot', instance, timeout, range } : { op: 'boot', instance, range };
  }

  private parseSwitch(): Ast.Switch {
    const keyword = this.advance();
    const node: Ast.Switch = { op: 'switch', instance: this.parseInstance(), range: keyword.range };
    while (this.isWord('force') || this.isWord('timeout')) {
      const clause = this.current();
      if (clause.text === 'force') {
        if (node.force) this.fail(clause.range, 'syntax/duplicate-clause', "'force' is given twice");
        this.advance();
        node.force = { text: 'force', range: clause.range };
      } else {
        if (node.timeout) this.fail(clause.range, 'syntax/duplicate-clause', "'timeout' is given twice");
        node.timeout = this.parseOptionalTimeout();
      }
    }
    node.range = spanOf(keyword.range, this.previous().range);
    return node;
  }

  private parseRequest(): Ast.Request {
    const keyword = this.advance();
    const node: Ast.Request = { op: 'request', amount: this.parseAmount('request'), range: keyword.range };
    while (this.isWord('at') || this.isWord('timeout')) {
      const clause = this.current();
      if (clause.text === 'at') {
        if (node.at) this.fail(clause.range, 'syntax/duplicate-clause', "'at' is given twice");
        this.advance();
        node.at = this.parseAddress();
      } else {
        if (node.timeout) this.fail(clause.range, 'syntax/duplicate-clause', "'timeout' is given twice");
        node.timeout = this.parseOptionalTimeout();
      }
    }
    node.range = spanOf(keyword.range, this.previous().range);
    return node;
  }

  private parseTerminate(): Ast.Terminate {
    const keyword = this.advance();
    const instance = this.parseInstance();
    const timeout = this.parseOptionalTimeout();
    const range = spanOf(keyword.range, this.previous().range);
    return timeout ? { op: 'terminate', instance, timeout, range } : { op: 'terminate', instance, range };
  }

  private parseWait(): Ast.Wait | Ast.WaitUntil {
    const keyword = this.advance();
    if (!this.isWord('until')) {
      const duration = this.parseDuration('wait');
      return { op: 'wait', duration, range: spanOf(keyword.range, duration.range) };
    }
    this.advance();
    const instance = this.parseInstance();
    const stateToken = this.current();
    if (stateToken.kind !== 'word' || (stateToken.text !== 'running' && stateToken.text !== 'sleeping')) {
      const guess = stateToken.kind === 'word' ? closest(stateToken.text, ['running', 'sleeping']) : undefined;
      this.fail(this.here(), 'syntax/expected-state', `wait until ${instance.name} needs 'running' or 'sleeping', not ${describe(stateToken)}`, guess ? { range: stateToken.range, replacement: guess, title: `change to '${guess}'` } : undefined);
    }
    this.advance();
    const state = { text: stateToken.text, value: stateToken.text as 'running' | 'sleeping', range: stateToken.range };
    const timeout = this.parseOptionalTimeout();
    const range = spanOf(keyword.range, this.previous().range);
    if (!timeout) {
      const at = spanAfter(this.previous().range);
      this.error(range, 'syntax/missing-timeout', `wait until needs a timeout, so a script cannot hang: add 'timeout 90s'`, { range: at, replacement: ' timeout 90s', title: "add 'timeout 90s'" });
      return { op: 'wait-until', instance, state, range };
    }
    return { op: 'wait-until', instance, state, timeout, range };
  }

  private parseRepeat(): Ast.Repeat {
    const keyword = this.advance();
    const countToken = this.current();
    const count = this.parseCount('repeat');
    const open = this.current();
    if (open.kind !== 'lbrace') {
      this.fail(this.here(), 'syntax/expected-brace', `repeat ${count} needs '{' on the same line, then the lines to repeat, then '}'`, {
        range: { ...this.here() },
        replacement: this.atEnd() ? ' {' : '{ ',
        title: "add '{'",
      });
    }
    const body = this.parseBlock(open);
    return { op: 'repeat', count, countRange: countToken.range, body, range: spanOf(keyword.range, this.previous().range) };
  }

  /** Reads `{ statements }` starting at the `{`; reports a block that is never closed. */
  private parseBlock(open: Token): Ast.Statement[] {
    this.advance();
    if (this.depth >= MAX_DEPTH) {
      this.error(open.range, 'syntax/too-deep', `repeat blocks nest deeper than ${MAX_DEPTH}`);
    }
    this.depth++;
    const body = this.depth > MAX_DEPTH ? (this.skipBlock(), []) : this.parseStatements(true);
    this.depth--;
    if (this.current().kind === 'rbrace') {
      this.advance();
    } else {
      const end = this.lines.range(this.text.length, 0);
      this.error(open.range, 'syntax/unclosed-brace', "this '{' is never closed: add '}' after the last line to repeat", {
        range: end,
        replacement: this.text.endsWith('\n') || this.text.length === 0 ? '}\n' : '\n}',
        title: "add '}' at the end",
      });
    }
    return body;
  }

  private skipBlock(): void {
    let level = 1;
    while (this.current().kind !== 'eof') {
      const kind = this.current().kind;
      if (kind === 'lbrace') level++;
      if (kind === 'rbrace' && --level === 0) return;
      this.advance();
    }
  }

  private parseWakelock(): Ast.WakelockHold | Ast.WakelockRelease {
    const keyword = this.advance();
    const verb = this.current();
    if (verb.kind !== 'word' || (verb.text !== 'hold' && verb.text !== 'release')) {
      const guess = verb.kind === 'word' ? closest(verb.text, ['hold', 'release']) : undefined;
      this.fail(this.here(), 'syntax/expected-wakelock-verb', `wakelock needs 'hold' or 'release', not ${describe(verb)}`, guess ? { range: verb.range, replacement: guess, title: `change to '${guess}'` } : undefined);
    }
    this.advance();
    const name = this.parseName(`wakelock ${verb.text}`, 'wakelock', 'syntax/expected-wakelock-name');
    if (verb.text === 'release') return { op: 'wakelock-release', name, range: spanOf(keyword.range, name.range) };
    let duration: Ast.Duration | undefined;
    if (this.isWord('for')) {
      this.advance();
      duration = this.parseDuration('wakelock hold');
    }
    const range = spanOf(keyword.range, this.previous().range);
    return duration ? { op: 'wakelock-hold', name, duration, range } : { op: 'wakelock-hold', name, range };
  }

  private parseShellOrMark(op: 'shell' | 'mark'): Ast.Shell | Ast.Mark {
    const keyword = this.advance();
    const token = this.current();
    if (token.kind !== 'string') {
      const what = op === 'shell' ? 'a quoted command' : 'a quoted label';
      if (this.atEnd()) this.fail(this.here(), 'syntax/expected-string', `${op} needs ${what}`);
      const rest = this.restOfStatement();
      this.fail(rest, 'syntax/expected-string', `${op} needs ${what}: put it in quotes`, this.quoteFix(rest, 'put it in quotes'));
    }
    this.advance();
    const value = token.str ?? '';
    const range = spanOf(keyword.range, token.range);
    return op === 'shell' ? { op, command: value, range } : { op, label: value, range };
  }

  private parseExpect(): Ast.Expect {
    const keyword = this.advance();
    const first = this.current();
    let expectation: Ast.Expectation;
    if (first.kind === 'word' && first.text === 'last') {
      expectation = this.parseLastExpectation();
    } else if (first.kind === 'word' && first.text === 'switches') {
      this.advance();
      const op = this.parseComparison();
      expectation = { kind: 'switch-count', op, value: this.parseCount('expect switches') };
    } else if (first.kind === 'word' && first.text === 'block' && !this.peekIsInstanceState()) {
      this.advance();
      const block = this.parseBlockNumber('expect block');
      const state = this.parseChoice(BLOCK_STATES, 'syntax/expected-state', `expect block ${block.index} needs 'online' or 'offline'`);
      expectation = { kind: 'block-state', block, state: state.value };
    } else if (first.kind === 'word' && first.text === 'dimm' && !this.peekIsInstanceState()) {
      this.advance();
      const name = this.parseName('expect dimm', 'DIMM', 'syntax/expected-name');
      const state = this.parseChoice(BLOCK_STATES, 'syntax/expected-state', `expect dimm ${name.text} needs 'online' or 'offline'`);
      expectation = { kind: 'dimm-state', name, state: state.value };
    } else if (first.kind === 'word' || first.kind === 'number') {
      const instance = this.parseInstance();
      const stateToken = this.current();
      const states: readonly string[] = INSTANCE_STATES;
      if (stateToken.kind !== 'word' || !states.includes(stateToken.text)) {
        const guess = stateToken.kind === 'word' ? closest(stateToken.text, INSTANCE_STATES) : undefined;
        this.fail(this.here(), 'syntax/expected-state', `expect ${instance.name} needs a state (${INSTANCE_STATES.join(', ')}), not ${describe(stateToken)}`, guess ? { range: stateToken.range, replacement: guess, title: `change to '${guess}'` } : undefined);
      }
      this.advance();
      expectation = { kind: 'instance-state', instance, state: stateToken.text as (typeof INSTANCE_STATES)[number] };
    } else {
      this.fail(this.here(), 'syntax/expected-expectation', `expect needs 'last.FIELD OP VALUE', 'switches OP N', 'INSTANCE STATE', 'block N online|offline' or 'dimm NAME online|offline', not ${describe(first)}`);
    }
    const range = spanOf(keyword.range, this.previous().range);
    const text = this.text.slice(first.range.offset, range.offset + range.length);
    return { op: 'expect', expectation, text, range };
  }

  private parseLastExpectation(): Ast.Expectation {
    this.advance();
    if (this.current().kind !== 'dot') this.fail(this.here(), 'syntax/expected-dot', "write 'last.FIELD', e.g. last.total");
    this.advance();
    const fieldToken = this.current();
    const all: string[] = [...DURATION_FIELDS, ...COUNT_FIELDS, ...WORD_FIELDS, ...INSTANCE_FIELDS];
    if (fieldToken.kind !== 'word' || !all.includes(fieldToken.text)) {
      const guess = fieldToken.kind === 'word' ? closest(fieldToken.text, all) : undefined;
      const hint = guess ? `; did you mean '${guess}'?` : ` (fields: ${all.join(', ')})`;
      this.fail(this.here(), 'syntax/unknown-field', `unknown field ${describe(fieldToken)} of last${hint}`, guess ? { range: fieldToken.range, replacement: guess, title: `change to '${guess}'` } : undefined);
    }
    this.advance();
    const field = fieldToken.text;
    const opToken = this.current();
    const op = this.parseComparison();
    if ((DURATION_FIELDS as readonly string[]).includes(field)) {
      return { kind: 'last-duration', field: field as Ast.DurationField, op, value: this.parseDuration(`last.${field}`) };
    }
    if ((COUNT_FIELDS as readonly string[]).includes(field)) {
      return { kind: 'last-count', field: field as Ast.CountField, op, value: this.parseCount(`last.${field}`) };
    }
    if (op !== '==' && op !== '!=') {
      this.fail(opToken.range, 'syntax/bad-comparison', `last.${field} can only be compared with == or !=`);
    }
    const eqOp = op as '==' | '!=';
    if (field === 'from' || field === 'to') {
      return { kind: 'last-instance', field, op: eqOp, value: this.parseInstance() };
    }
    const allowed: readonly string[] = field === 'outcome' ? OUTCOMES : SWITCH_KINDS;
    const valueToken = this.current();
    if (valueToken.kind !== 'word' || !allowed.includes(valueToken.text)) {
      const guess = valueToken.kind === 'word' ? closest(valueToken.text, allowed) : undefined;
      this.fail(this.here(), 'syntax/bad-value', `last.${field} is one of ${allowed.join(', ')}, not ${describe(valueToken)}`, guess ? { range: valueToken.range, replacement: guess, title: `change to '${guess}'` } : undefined);
    }
    this.advance();
    return { kind: 'last-word', field: field as Ast.WordField, op: eqOp, value: valueToken.text };
  }

  private parseSim(): Ast.Sim {
    const keyword = this.advance();
    const deviceToken = this.current();
    const devices = Object.keys(SIM_ACTIONS);
    if (deviceToken.kind !== 'word' || !devices.includes(deviceToken.text)) {
      const guess = deviceToken.kind === 'word' ? closest(deviceToken.text, devices) : undefined;
      this.fail(this.here(), 'syntax/unknown-sim-device', `sim needs one of ${devices.join(', ')}, not ${describe(deviceToken)}`, guess ? { range: deviceToken.range, replacement: guess, title: `change to '${guess}'` } : undefined);
    }
    this.advance();
    const device = deviceToken.text as Ast.SimDevice;
    const actions: readonly string[] = SIM_ACTIONS[device];
    const actionToken = this.current();
    if (actionToken.kind !== 'word' || !actions.includes(actionToken.text)) {
      const guess = actionToken.kind === 'word' ? closest(actionToken.text, actions) : undefined;
      this.fail(this.here(), 'syntax/unknown-sim-action', `sim ${device} needs ${actions.join(' or ')}, not ${describe(actionToken)}`, guess ? { range: actionToken.range, replacement: guess, title: `change to '${guess}'` } : undefined);
    }
    this.advance();
    let duration: Ast.Duration | undefined;
    if (this.isWord('for')) {
      const forToken = this.advance();
      if (actionToken.text !== actions[0]) {
        this.fail(forToken.range, 'syntax/sim-for', `'for' goes with 'sim ${device} ${actions[0]}' (it reverts to ${actions[1]} by itself)`);
      }
      duration = this.parseDuration(`sim ${device} ${actionToken.text} for`);
    }
    const range = spanOf(keyword.range, this.previous().range);
    return duration ? { op: 'sim', device, action: actionToken.text, duration, range } : { op: 'sim', device, action: actionToken.text, range };
  }

  /** `suspend mem|freeze [for D] [timeout D]` (qemu). */
  private parseSuspend(): Ast.Suspend {
    const keyword = this.advance();
    const state = this.parseChoice(SUSPEND_STATES, 'syntax/expected-suspend-state', "suspend needs 'mem' (suspend to RAM, S3) or 'freeze' (suspend to idle)");
    const node: Ast.Suspend = { op: 'suspend', state, range: keyword.range };
    while (this.isWord('for') || this.isWord('timeout')) {
      const clause = this.current();
      if (clause.text === 'for') {
        if (node.duration) this.fail(clause.range, 'syntax/duplicate-clause', "'for' is given twice");
        this.advance();
        node.duration = this.parseDuration(`suspend ${state.value} for`);
      } else {
        if (node.timeout) this.fail(clause.range, 'syntax/duplicate-clause', "'timeout' is given twice");
        node.timeout = this.parseOptionalTimeout();
      }
    }
    node.range = spanOf(keyword.range, this.previous().range);
    return node;
  }

  /** `dimm add AMOUNT as NAME` / `dimm remove NAME` (qemu). */
  private parseDimm(): Ast.DimmAdd | Ast.DimmRemove {
    const keyword = this.advance();
    const verb = this.parseChoice(['add', 'remove'] as const, 'syntax/expected-dimm-verb', "dimm needs 'add SIZE as NAME' or 'remove NAME'");
    if (verb.value === 'remove') {
      const name = this.parseName('dimm remove', 'DIMM', 'syntax/expected-name');
      return { op: 'dimm-remove', name, range: spanOf(keyword.range, name.range) };
    }
    const amount = this.parseAmount('dimm add');
    this.expectWord('as', "dimm add needs 'as NAME' after the size");
    const name = this.parseName('dimm add … as', 'DIMM', 'syntax/expected-name');
    return { op: 'dimm-add', amount, name, range: spanOf(keyword.range, name.range) };
  }

  /** `online block N [movable]`, `offline block N`, `online dimm NAME`, `offline dimm NAME`. */
  private parseOnlineOffline(state: Ast.BlockState): Ast.BlockSet | Ast.DimmBlocks {
    const keyword = this.advance();
    const what = this.parseChoice(['block', 'dimm'] as const, 'syntax/expected-block-or-dimm', `${state} needs 'block N' (memoryN) or 'dimm NAME'`);
    if (what.value === 'dimm') {
      const name = this.parseName(`${state} dimm`, 'DIMM', 'syntax/expected-name');
      return { op: 'dimm-blocks', state, name, range: spanOf(keyword.range, name.range) };
    }
    const block = this.parseBlockNumber(`${state} block`);
    if (this.isWord('movable')) {
      const movable = this.advance();
      if (state === 'offline') {
        const gap = spanAfter(block.range, movable.range);
        this.fail(movable.range, 'syntax/offline-movable', "'movable' goes with 'online block N' (online_movable); a block goes offline from any zone", { range: gap, replacement: '', title: "remove 'movable'" });
      }
      return { op: 'block', state, block, movable: { text: movable.text, range: movable.range }, range: spanOf(keyword.range, movable.range) };
    }
    return { op: 'block', state, block, range: spanOf(keyword.range, block.range) };
  }

  /** The token after the current one. */
  private peek(): Token {
    return this.tokens[Math.min(this.pos + 1, this.tokens.length - 1)] as Token;
  }

  /** `expect dimm running`: an instance named dimm, not a DIMM expectation. */
  private peekIsInstanceState(): boolean {
    const next = this.peek();
    return next.kind === 'word' && (INSTANCE_STATES as readonly string[]).includes(next.text);
  }
}

/** How a statement is named in messages ("the dimm add statement"). */
function statementName(s: Ast.Statement): string {
  switch (s.op) {
    case 'dimm-add':
      return 'dimm add';
    case 'dimm-remove':
      return 'dimm remove';
    case 'block':
      return `${s.state} block`;
    case 'dimm-blocks':
      return `${s.state} dimm`;
    default:
      return s.op;
  }
}
