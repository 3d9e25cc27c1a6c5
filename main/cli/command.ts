import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad usage (unknown command or flag, missing argument): exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The work itself failed (device error, bad script, unreadable file): exit code 1. */
export class WorkError extends Error {
  override readonly name = 'WorkError';
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface CliCommand {
  name: string;
  /** One line for `fsw --help`. */
  summary: string;
  /** Usage block for `fsw CMD --help`. */
  usage: string;
  /** Resolves to the exit code. Throw UsageError / WorkError for 2 / 1. */
  run: (argv: string[], io: CliIo) => Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs in strict mode, turning its errors into UsageError with the command's name. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(`fsw ${command}: ${(error as Error).message}`);
  }
}

/** Integer flag value with a usage error naming the flag. */
export function intFlag(command: string, flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`fsw ${command}: --${flag} expects a non-negative integer, got '${value}'`);
  return Number(value);
}
