/** Why a session operation failed; the CLI turns every kind into exit code 1 with the message. */
export type SessionErrorKind =
  | 'not-found'
  | 'invalid-id'
  | 'busy'
  | 'io'
  | 'invalid-meta'
  | 'unsafe-archive'
  | 'bad-archive'
  | 'no-analyser'
  | 'analysis-failed'
  | 'finished';

export class SessionError extends Error {
  override readonly name = 'SessionError';
  constructor(
    readonly kind: SessionErrorKind,
    message: string,
  ) {
    super(message);
  }
}
