import type * as Ast from './ast';
import { spanAfter, spanOf } from './diagnostic';
import { describe, TokenCursor } from './token-cursor';
import { closest, DURATION_UNITS, SECTION_WORDS, SIZE_UNITS } from './units';

const COMPARISONS = ['<', '<=', '>', '>=', '==', '!='] as const;

/** Reads the values statements are made of: instances, addresses, counts, durations, amounts, comparisons. */
export class ValueParser extends TokenCursor {
  protected parseOptionalTimeout(): Ast.Duration | undefined {
    if (!this.isWord('timeout')) return undefined;
    this.advance();
    return this.parseDuration('timeout');
  }

  protected parseInstance(): Ast.InstanceRef {
    const token = this.current();
    if (token.kind === 'word') {
      this.advance();
      return { name: token.text, range: token.range };
    }
    if (token.kind === 'number' && !token.hex && token.unit === '' && Number.isInteger(token.value)) {
      this.advance();
      return { name: token.text, id: token.value as number, range: token.range };
    }
    return this.fail(this.here(), 'syntax/expected-instance', `expected an instance name (ics, jb, …) or number but found ${describe(token)}`);
  }

  protected parseAddress(): Ast.Address {
    const token = this.current();
    if (token.kind !== 'number') {
      return this.fail(this.here(), 'syntax/expected-address', `expected an address such as 0x90000000 but found ${describe(token)}`);
    }
    this.advance();
    if (token.unit !== '') {
      const digits = token.digits ?? '';
      this.fail(token.range, 'syntax/address-unit', `an address takes no unit: write ${digits || 'the number'} without '${token.unit}'`, digits ? { range: token.range, replacement: digits, title: `drop '${token.unit}'` } : undefined);
    }
    if (!Number.isInteger(token.value)) this.fail(token.range, 'syntax/bad-address', `'${token.text}' is not a whole address`);
    return { value: token.value as number, text: token.text, range: token.range };
  }

  /** A name: one word, or a quoted string (wakelocks, DIMMs). */
  protected parseName(what: string, noun: string, code: string): Ast.Word {
    const token = this.current();
    if (token.kind !== 'string' && token.kind !== 'word') {
      return this.fail(this.here(), code, `${what} needs a ${noun} name, not ${describe(token)}`);
    }
    this.advance();
    return { text: token.kind === 'string' ? (token.str ?? '') : token.text, range: token.range };
  }

  /** One word out of `choices`, with a "did you mean" fix for a near miss. */
  protected parseChoice<T extends string>(choices: readonly T[], code: string, message: string): Ast.Word & { value: T } {
    const token = this.current();
    if (token.kind !== 'word' || !(choices as readonly string[]).includes(token.text)) {
      const guess = token.kind === 'word' ? closest(token.text, choices) : undefined;
      this.fail(this.here(), code, `${message}, not ${describe(token)}`, guess ? { range: token.range, replacement: guess, title: `change to '${guess}'` } : undefined);
    }
    this.advance();
    return { text: token.text, value: token.text as T, range: token.range };
  }

  /** A memory block number N (memoryN in sysfs): a whole decimal number, no unit. */
  protected parseBlockNumber(what: string): Ast.BlockRef {
    const token = this.current();
    const index = this.parseCount(what);
    if (token.hex) this.fail(token.range, 'syntax/block-hex', `${what} takes the block's number N of memoryN (decimal), not an address; write 'block N'`);
    return { index, range: token.range };
  }

  /** A whole number with no unit (repeat counts, section counts in comparisons). */
  protected parseCount(what: string): number {
    const token = this.current();
    if (token.kind !== 'number') return this.fail(this.here(), 'syntax/expected-count', `${what} needs a whole number but found ${describe(token)}`);
    this.advance();
    if (token.unit !== '') {
      const digits = token.digits ?? '';
      this.fail(token.range, 'syntax/count-unit', `${what} takes a plain number, not '${token.text}'`, digits ? { range: token.range, replacement: digits, title: `drop '${token.unit}'` } : undefined);
    }
    if (!Number.isSafeInteger(token.value)) this.fail(token.range, 'syntax/bad-count', `${what} needs a whole number, not '${token.text}'`);
    return token.value as number;
  }

  protected parseDuration(what: string): Ast.Duration {
    const token = this.current();
    if (token.kind !== 'number') {
      return this.fail(this.here(), 'syntax/expected-duration', `${what} needs a duration such as 3s or 300ms but found ${describe(token)}`);
    }
    this.advance();
    const unit = token.unit ?? '';
    const value = token.value ?? Number.NaN;
    if (unit === '') {
      const suggested = value >= 100 ? 'ms' : 's';
      this.fail(token.range, 'unit/missing-time-unit', `'${token.text}' needs a time unit: ${token.text}s, ${token.text}ms or ${token.text}us`, {
        range: token.range,
        replacement: `${token.text}${suggested}`,
        title: `read as ${token.text}${suggested}`,
      });
    }
    const factor = DURATION_UNITS[unit];
    if (factor === undefined) {
      const guess = closest(unit, Object.keys(DURATION_UNITS));
      const hint = guess ? `; did you mean '${guess}'?` : '';
      this.fail(token.range, 'unit/unknown-time-unit', `unknown time unit '${unit}' in '${token.text}': use s, ms or us${hint}`, guess ? { range: token.range, replacement: `${token.digits ?? ''}${guess}`, title: `change to '${token.digits ?? ''}${guess}'` } : undefined);
    }
    if (Number.isNaN(value)) this.fail(token.range, 'syntax/bad-number', `'${token.text}' is not a number`);
    return { ms: value * factor, text: token.text, range: token.range };
  }

  /** `22 sections` / `1 block` / `352M`. */
  protected parseAmount(what: string): Ast.Amount {
    const token = this.current();
    if (token.kind !== 'number') {
      return this.fail(this.here(), 'syntax/expected-amount', `${what} needs an amount such as '22 sections' or '352M' but found ${describe(token)}`);
    }
    this.advance();
    const unit = token.unit ?? '';
    const value = token.value ?? Number.NaN;
    if (unit !== '') {
      const factor = SIZE_UNITS[unit];
      if (factor === undefined) {
        const upper = unit.toUpperCase();
        const guess = SIZE_UNITS[upper] !== undefined ? upper : closest(unit, Object.keys(SIZE_UNITS));
        const hint = guess ? `; did you mean '${token.digits ?? ''}${guess}'?` : '';
        return this.fail(token.range, 'unit/unknown-size-unit', `unknown size unit '${unit}' in '${token.text}': use K, M or G (binary)${hint}`, guess ? { range: token.range, replacement: `${token.digits ?? ''}${guess}`, title: `change to '${token.digits ?? ''}${guess}'` } : undefined);
      }
      if (!Number.isFinite(value)) this.fail(token.range, 'syntax/bad-number', `'${token.text}' is not a number`);
      return { kind: 'bytes', bytes: Math.round(value * factor), text: token.text, range: token.range };
    }
    if (!Number.isSafeInteger(value)) this.fail(token.range, 'syntax/bad-count', `the number of sections must be whole, not '${token.text}'`);
    const unitToken = this.current();
    if (unitToken.kind !== 'word' || !(SECTION_WORDS as readonly string[]).includes(unitToken.text)) {
      const guess = unitToken.kind === 'word' ? closest(unitToken.text, SECTION_WORDS) : undefined;
      if (guess) {
        this.fail(unitToken.range, 'unit/unknown-amount-unit', `'${unitToken.text}' is not a unit; did you mean '${guess}'?`, { range: unitToken.range, replacement: guess, title: `change to '${guess}'` });
      }
      this.fail(token.range, 'unit/missing-amount-unit', `'${token.text}' needs 'sections' (memory blocks) or a size unit (K, M, G)`, {
        range: spanAfter(token.range),
        replacement: ' sections',
        title: "add 'sections'",
      });
    }
    this.advance();
    return { kind: 'sections', count: value, text: `${token.text} ${unitToken.text}`, range: spanOf(token.range, unitToken.range) };
  }

  protected parseComparison(): Ast.Comparison {
    const token = this.current();
    if (token.kind === 'op' && token.text === '=') {
      this.fail(token.range, 'syntax/single-equals', "compare with '==', not '='", { range: token.range, replacement: '==', title: "change to '=='" });
    }
    if (token.kind !== 'op' || !(COMPARISONS as readonly string[]).includes(token.text)) {
      this.fail(this.here(), 'syntax/expected-comparison', `expected a comparison (<, <=, >, >=, ==, !=) but found ${describe(token)}`);
    }
    this.advance();
    return token.text as Ast.Comparison;
  }

}
