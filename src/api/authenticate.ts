import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type Authenticator, SESSION_COOKIE } from '../platform/index';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller from `Authorization: Bearer` or the session cookie, through the
 * authenticator's cache (no transaction of its own; a change to the caller's access is seen on the
 * next request). Cookie-authenticated writes must carry the session's CSRF token in `x-csrf-token`.
 * A plain function of the request: any hook may call it.
 */
export function authenticate(authenticator: Authenticator) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    request.principal = undefined;
    request.sessionCsrfToken = undefined;
    request.session = undefined;
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/auth/login')) return;
    // Public endpoints (a site's lead form, a quote's acceptance link) answer without a session.
    if (request.url.startsWith('/api/public/')) return;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match?.[1] ? await authenticator.token(match[1]) : undefined;
      if (!principal) throw new AppError('unauthenticated', 'The API token is invalid or revoked');
      request.principal = principal;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await authenticator.session(cookie);
    if (!session) return;
    request.principal = session.principal;
    request.session = session;
    request.sessionCsrfToken = session.csrfToken;
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new AppError(
        'forbidden',
        'Missing or wrong x-csrf-token header for a cookie-authenticated write',
      );
    }
  };
}
