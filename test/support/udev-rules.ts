/**
 * A small parser of udev rules files (udev(7)): enough to check ours for
 * well-formed key/operator/value pairs, known keys and the ids they match.
 */
export type UdevOperator = '==' | '!=' | '=' | '+=' | '-=' | ':=';

export interface UdevPair {
  key: string;
  attribute?: string;
  operator: UdevOperator;
  value: string;
}

export interface UdevRule {
  line: number;
  pairs: UdevPair[];
}

export interface UdevParseError {
  line: number;
  message: string;
}

const MATCH_KEYS = new Set(['ACTION', 'DEVPATH', 'KERNEL', 'KERNELS', 'NAME', 'SYMLINK', 'SUBSYSTEM', 'SUBSYSTEMS', 'DRIVER', 'DRIVERS', 'ATTR', 'ATTRS', 'SYSCTL', 'ENV', 'CONST', 'TAG', 'TAGS', 'TEST', 'PROGRAM', 'RESULT']);
const ASSIGN_KEYS = new Set(['NAME', 'SYMLINK', 'OWNER', 'GROUP', 'MODE', 'ATTR', 'SYSCTL', 'ENV', 'TAG', 'RUN', 'LABEL', 'GOTO', 'IMPORT', 'OPTIONS', 'SECLABEL']);
const WITH_ATTRIBUTE = new Set(['ATTR', 'ATTRS', 'SYSCTL', 'ENV', 'CONST', 'TEST', 'RUN', 'IMPORT', 'SECLABEL']);
const PAIR = /^([A-Z]+)(?:\{([^}]+)\})?\s*(==|!=|\+=|-=|:=|=)\s*"([^"]*)"$/;

/** Splits a rule line at the commas between pairs (values are quoted and may hold commas). */
function splitPairs(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current.trim());
  return parts;
}

export function parseUdevRules(text: string): { rules: UdevRule[]; errors: UdevParseError[] } {
  const rules: UdevRule[] = [];
  const errors: UdevParseError[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let body = lines[i] ?? '';
    while (body.endsWith('\\') && i + 1 < lines.length) body = body.slice(0, -1) + (lines[++i] ?? '');
    const trimmed = body.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const pairs: UdevPair[] = [];
    for (const part of splitPairs(trimmed)) {
      const m = PAIR.exec(part);
      if (!m) {
        errors.push({ line: start, message: `not a KEY{attr}OP"value" pair: ${part || '(empty)'}` });
        continue;
      }
      const [, key = '', attribute, operator = '', value = ''] = m;
      const op = operator as UdevOperator;
      const isMatch = op === '==' || op === '!=';
      if (isMatch ? !MATCH_KEYS.has(key) : !ASSIGN_KEYS.has(key)) {
        errors.push({ line: start, message: `${key} cannot be used with ${op}` });
      }
      if (WITH_ATTRIBUTE.has(key) !== (attribute !== undefined) && !(key === 'RUN' || key === 'IMPORT')) {
        errors.push({ line: start, message: attribute === undefined ? `${key} needs {attribute}` : `${key} takes no {attribute}` });
      }
      pairs.push(attribute === undefined ? { key, operator: op, value } : { key, attribute, operator: op, value });
    }
    rules.push({ line: start, pairs });
  }
  return { rules, errors };
}

/** The value a rule matches a key against with `==`, if it does. */
export function matchValue(rule: UdevRule, key: string, attribute?: string): string | undefined {
  return rule.pairs.find((p) => p.key === key && p.attribute === attribute && p.operator === '==')?.value;
}

/** The value a rule assigns to a key, if it does. */
export function assignedValue(rule: UdevRule, key: string): string | undefined {
  return rule.pairs.find((p) => p.key === key && (p.operator === '=' || p.operator === '+=' || p.operator === ':='))?.value;
}
