/**
 * The one error Facebook Login and token checks (meta-oauth.ts) throw, in a module of its own: callers
 * recognise it without loading the Graph SDK, which meta-oauth.ts loads and API processes load on first use.
 */
/** `invalid_grant`: the token or code was refused. `rejected`: anything else Meta said no to. `transient`: no answer. */
export type MetaAuthErrorKind = 'invalid_grant' | 'rejected' | 'transient';

export class MetaAuthError extends Error {
  readonly kind: MetaAuthErrorKind;
  readonly networkCode: number | null;
  constructor(kind: MetaAuthErrorKind, message: string, networkCode: number | null = null) {
    super(message);
    this.name = 'MetaAuthError';
    this.kind = kind;
    this.networkCode = networkCode;
  }
}
