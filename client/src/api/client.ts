import type { ApiErrorBody } from './types';

/** An error answered by the API (`{ error: { code, message, details } }`) or a transport failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

let csrfToken: string | null = null;

/** Remember the CSRF token from the session or login response; sent on every mutating request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

async function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  // FormData sets its own multipart content type (with the boundary).
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'Network error');
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // not JSON: fall through to a generic error
  }
  if (isErrorBody(parsed)) {
    return new ApiError(response.status, parsed.error.code, parsed.error.message, parsed.error.details);
  }
  return new ApiError(response.status, response.status >= 500 ? 'server_error' : 'unknown', response.statusText);
}

/** Fetch the session once more to pick up a fresh CSRF token (after a `csrf_invalid` answer). */
async function refreshCsrfToken(): Promise<boolean> {
  const response = await send('GET', '/api/auth/session', undefined);
  if (!response.ok) return false;
  const session = (await response.json()) as { csrfToken?: unknown };
  if (typeof session.csrfToken !== 'string') return false;
  csrfToken = session.csrfToken;
  return true;
}

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let response = await send(method, path, body);
  if (!response.ok && response.status === 403 && method !== 'GET') {
    const error = await toApiError(response.clone());
    if (error.code === 'csrf_invalid' && (await refreshCsrfToken())) {
      response = await send(method, path, body);
    }
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Typed JSON client: same-origin cookies, CSRF header on mutations, errors as {@link ApiError}. */
export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  /** `multipart/form-data` upload (CSV import); same CSRF handling as the JSON calls. */
  postForm: <T>(path: string, form: FormData) => request<T>('POST', path, form),
  delete: (path: string) => request<void>('DELETE', path),
};
