/**
 * One error model. Domain code throws `AppError` with a code; `httpStatusFor` is the single table
 * that maps codes to HTTP statuses; the error middleware in app.ts writes
 * `{ error: { code, message, details } }`. Domain code never knows HTTP.
 */
export const errorStatus = {
  validation_failed: 400,
  invalid_json: 400,
  bad_request: 400,
  oauth_state_invalid: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  webhook_signature_missing: 401,
  csrf_invalid: 403,
  forbidden: 403,
  webhook_signature_invalid: 403,
  webhook_verify_failed: 403,
  not_found: 404,
  no_free_slot: 404,
  conflict: 409,
  last_admin: 409,
  already_member: 409,
  segment_in_use: 409,
  campaign_in_use: 409,
  invalid_state: 409,
  oauth_not_configured: 409,
  reply_collision: 409,
  webhook_not_configured: 409,
  invite_expired: 410,
  review_link_gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  channel_token_rejected: 422,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') => new AppError('forbidden', message);
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, details);
