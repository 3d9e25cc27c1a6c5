import type { Comparison } from './ast';

/** What an `expect` comparison says of two values: one definition for the checker's dry run and the runner. */
export function compare<T extends number | string>(a: T, op: Comparison, b: T): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}
