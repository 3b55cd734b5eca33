import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, findInputProblem, invalid } from '../platform/index';

/**
 * The API's edge: who is calling is settled before anything about the request is read (so an
 * unauthenticated caller learns no field names), and every string that comes in (path parameters,
 * query string, headers, JSON body: values and keys) is well-formed Unicode without NUL, nested no
 * deeper than the platform allows, before the route's schema or service sees it. Streamed bodies
 * (NDJSON, CSV) are checked where they are read, line by line.
 */

/** onRequest, after `authenticate`: a 401 for a caller without credentials on a route that needs them. */
export async function requireCaller(request: FastifyRequest): Promise<void> {
  if (request.principal || !request.url.startsWith('/api/') || request.is404) return;
  if (isPublic(request.routeOptions.schema)) return;
  throw new AppError('unauthenticated', 'Log in or send an API token');
}

/**
 * Routes anyone may call: those whose schema says `security: []` (log in, reset a password, health)
 * and the API's own documentation (hidden from it: the OpenAPI document and its viewer).
 */
function isPublic(schema: unknown): boolean {
  const s = schema as { security?: unknown[]; hide?: boolean } | undefined;
  return (Array.isArray(s?.security) && s.security.length === 0) || s?.hide === true;
}

/** preValidation: the first string that is not acceptable text, or too deep a body, is a 400 naming it. */
export async function checkInputText(request: FastifyRequest): Promise<void> {
  const problem =
    findInputProblem(request.params) ??
    findInputProblem(request.query) ??
    findInputProblem(request.headers) ??
    findInputProblem(request.body);
  if (!problem) return;
  const field = problem.field || 'body';
  throw invalid(field, `${field}: ${problem.reason}`);
}

/**
 * JSON bodies are read as bytes and must be UTF-8: decoded as text, a byte that is not would become
 * U+FFFD without a word, and two different values one.
 */
export function parseJsonAsUtf8(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(invalid('body', 'body: is not UTF-8 text'), undefined);
      return;
    }
    parse(request, bytes.toString('utf8'), done);
  });
}
