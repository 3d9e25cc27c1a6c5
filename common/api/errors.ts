import { z } from 'zod';

/** What went wrong, in words a caller can branch on. */
export const ErrorKind = z.enum([
  'bad-request', // the payload failed its schema
  'unknown-method',
  'not-connected', // an operation needs a target and none is connected
  'not-found',
  'device', // the phone (or simulator) refused: carries the errno text
  'timeout',
  'busy',
  'unsupported',
  'unauthorized',
  'internal',
]);
export type ErrorKind = z.infer<typeof ErrorKind>;

/** The error as it crosses IPC or the WebSocket. */
export const WorkbenchErrorData = z.object({
  kind: ErrorKind,
  message: z.string(),
  /** Where the bad input came from: a method and a field path, a file:line, a device path. */
  where: z.string().optional(),
});
export type WorkbenchErrorData = z.infer<typeof WorkbenchErrorData>;

export class WorkbenchError extends Error {
  override readonly name = 'WorkbenchError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly where?: string,
  ) {
    super(message);
  }

  toData(): WorkbenchErrorData {
    return this.where === undefined ? { kind: this.kind, message: this.message } : { kind: this.kind, message: this.message, where: this.where };
  }

  static fromData(data: WorkbenchErrorData): WorkbenchError {
    return new WorkbenchError(data.kind, data.message, data.where);
  }
}

/** One line per zod issue, each naming the field path, for messages a person can act on. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}
