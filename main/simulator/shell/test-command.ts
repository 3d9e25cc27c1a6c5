import type { CommandContext, ShellCommand } from './command-context';
import { SHELL_NAME } from './command-context';

/**
 * mksh's `test` / `[`: the file, string and integer tests scripts use on
 * the phone (`[ -e /d/fsw/status ] && …`), with `!`, `-a` and `-o`.
 */
type Evaluation = boolean | { error: string };

function fileTest(context: CommandContext, op: string, operand: string): boolean {
  const stat = context.backend.files.stat(context.resolve(operand));
  if (!stat.ok) return false;
  const { type, mode, size } = stat.value;
  switch (op) {
    case '-e':
      return true;
    case '-f':
      return type === 'file';
    case '-d':
      return type === 'dir';
    case '-h':
    case '-L':
      return type === 'link';
    case '-s':
      return size > 0;
    // Root may read and write anything; it may execute what has any x bit.
    case '-r':
    case '-w':
      return true;
    case '-x':
      return type === 'dir' || (mode & 0o111) !== 0;
    default:
      return false;
  }
}

const fileOps = new Set(['-e', '-f', '-d', '-h', '-L', '-s', '-r', '-w', '-x']);
const intOps: Record<string, (a: number, b: number) => boolean> = {
  '-eq': (a, b) => a === b,
  '-ne': (a, b) => a !== b,
  '-lt': (a, b) => a < b,
  '-le': (a, b) => a <= b,
  '-gt': (a, b) => a > b,
  '-ge': (a, b) => a >= b,
};

function evaluate(context: CommandContext, args: string[]): Evaluation {
  const orAt = args.lastIndexOf('-o');
  if (orAt > 0) return combine(evaluate(context, args.slice(0, orAt)), evaluate(context, args.slice(orAt + 1)), (a, b) => a || b);
  const andAt = args.lastIndexOf('-a');
  if (andAt > 0) return combine(evaluate(context, args.slice(0, andAt)), evaluate(context, args.slice(andAt + 1)), (a, b) => a && b);
  if (args[0] === '!' && args.length > 1) {
    const inner = evaluate(context, args.slice(1));
    return typeof inner === 'boolean' ? !inner : inner;
  }
  const [a, op, b] = args;
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return a!.length > 0;
    case 2:
      if (a === '-z') return op!.length === 0;
      if (a === '-n') return op!.length > 0;
      if (fileOps.has(a!)) return fileTest(context, a!, op!);
      return { error: `${a}: unexpected operator` };
    case 3: {
      if (op === '=' || op === '==') return a === b;
      if (op === '!=') return a !== b;
      const compare = intOps[op!];
      if (!compare) return { error: `${op}: unexpected operator` };
      const x = Number(a);
      const y = Number(b);
      if (!/^\s*-?\d+\s*$/.test(a!)) return { error: `${a}: bad number` };
      if (!/^\s*-?\d+\s*$/.test(b!)) return { error: `${b}: bad number` };
      return compare(x, y);
    }
    default:
      return { error: 'too many arguments' };
  }
}

function combine(a: Evaluation, b: Evaluation, join: (x: boolean, y: boolean) => boolean): Evaluation {
  if (typeof a !== 'boolean') return a;
  if (typeof b !== 'boolean') return b;
  return join(a, b);
}

export function testCommand(bracket: boolean): ShellCommand {
  return (context) => {
    let args = context.args;
    if (bracket) {
      if (args[args.length - 1] !== ']') {
        context.stderr(`${SHELL_NAME}: [: missing ]\n`);
        return 2;
      }
      args = args.slice(0, -1);
    }
    const result = evaluate(context, args);
    if (typeof result !== 'boolean') {
      context.stderr(`${SHELL_NAME}: ${bracket ? '[' : 'test'}: ${result.error}\n`);
      return 2;
    }
    return result ? 0 : 1;
  };
}
