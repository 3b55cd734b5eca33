/**
 * Thin fetch wrapper for the Rapport API (same origin, cookie session).
 *
 * - JSON in, JSON out; 204 resolves to `undefined`.
 * - Every write (POST/PUT/PATCH/DELETE) carries `x-csrf-token` once a token is known.
 * - Every failure is an `ApiError` carrying the server's `{ error: { code, message, field? } }`,
 *   or a synthetic code (`network_error`, `bad_response`) when the server could not be reached
 *   or answered with something that is not the documented error shape.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const WRITE_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

/** Remember the CSRF token returned by login / me; `null` forgets it (logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/**
 * Called whenever any request answers 401, so the session can drop back to the login page
 * when a cookie expires mid-use. Returns an unsubscribe function.
 */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error of a failed answer: the server's `{ error }` body, or `bad_response` when it is not one. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message, field } = body.error;
    if (typeof code === 'string' && typeof message === 'string') {
      return new ApiError(status, code, message, typeof field === 'string' ? field : undefined);
    }
  }
  return new ApiError(
    status,
    'bad_response',
    `The server answered with an unexpected error (HTTP ${status}).`,
  );
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
}

/** Send a request and return the parsed JSON body (`undefined` for empty bodies such as 204). */
export async function apiRequest(
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<unknown> {
  return (await send(method, path, options)).body;
}

/**
 * A GET that also says where the answer came from: the browser follows redirects (e.g. a merged
 * person's 308 to the survivor), and `url` is the path of the final response.
 */
export async function apiGetFollowing<T>(
  path: string,
  options: Omit<RequestOptions, 'body'> = {},
): Promise<{ body: T; url: string }> {
  return send('GET', path, options) as Promise<{ body: T; url: string }>;
}

async function send(
  method: HttpMethod,
  path: string,
  options: RequestOptions,
): Promise<{ body: unknown; url: string }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (WRITE_METHODS.has(method) && csrfToken !== null) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }

  const body = await readJson(response);
  if (!response.ok) {
    if (response.status === 401) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw toApiError(response.status, body);
  }
  return { body, url: finalPath(response, path) };
}

function finalPath(response: Response, requested: string): string {
  if (!response.redirected || !response.url) return requested;
  const url = new URL(response.url);
  return url.pathname + url.search;
}

/**
 * The calls, typed with the server's response types (`api.get<Customer360>(...)`, types imported
 * from `src/<slice>/index`): the server writes each answer by its response schema, so the body is
 * read as that type. The callers type what they send with the server's request types.
 */
export const api = {
  get: <T = unknown>(path: string, options?: Omit<RequestOptions, 'body'>) =>
    apiRequest('GET', path, options) as Promise<T>,
  post: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    apiRequest('POST', path, { ...options, body }) as Promise<T>,
  put: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    apiRequest('PUT', path, { ...options, body }) as Promise<T>,
  patch: <T = unknown>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    apiRequest('PATCH', path, { ...options, body }) as Promise<T>,
  delete: (path: string, options?: Omit<RequestOptions, 'body'>) =>
    apiRequest('DELETE', path, options) as Promise<void>,
};

/** Human-readable message for anything thrown by the API layer (or anything else). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}
