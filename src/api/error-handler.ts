import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, HTTP_STATUS_BY_CODE } from '../platform/index';
import { isDatabaseError, mapDatabaseError } from './database-errors';

interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string; requestId?: string };
}

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Maps every error to the one error shape; a 5xx is a bug and is logged with the request id. */
export function handleError(
  err: FastifyError | AppError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const mapped = isDatabaseError(err) ? mapDatabaseError(err, request) : undefined;
  if (mapped) request.log.warn({ err, requestId: request.id }, 'database refused a value of the request');
  const body: ErrorBody = mapped ? { error: { ...mapped } } : toErrorBody(err);
  const status = HTTP_STATUS_BY_CODE[body.error.code];
  if (status >= 500) {
    request.log.error({ err, requestId: request.id }, 'unhandled error');
    body.error.requestId = request.id;
  }
  const retryAfter = err instanceof AppError ? err.details?.retryAfter : undefined;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
  return reply.code(status).send(body);
}

export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) {
    return { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
  }
  const fe = err as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (Array.isArray(fe.validation) && fe.validation.length > 0) {
    const issue = fe.validation[0] as ValidationIssue;
    const field = fieldOf(issue, fe.validationContext);
    return {
      error: { code: 'validation_failed', message: `${field}: ${describe(issue)}`, field },
    };
  }
  switch (fe.code) {
    case 'FST_ERR_BAD_URL':
      return {
        error: { code: 'bad_request', message: 'The URL is not validly percent-encoded', field: 'url' },
      };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { error: { code: 'bad_request', message: 'A path parameter is too long', field: 'url' } };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        error: { code: 'payload_too_large', message: 'The request body is too large', field: 'body' },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        error: { code: 'unsupported_media_type', message: 'Send JSON (content-type: application/json)' },
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { error: { code: 'bad_request', message: 'The JSON body is empty', field: 'body' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return {
        error: { code: 'bad_request', message: `The body is not valid JSON: ${fe.message}`, field: 'body' },
      };
  }
  if (fe instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message))) {
    return {
      error: { code: 'bad_request', message: `The body is not valid JSON: ${fe.message}`, field: 'body' },
    };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode =
      fe.statusCode === 404 ? 'not_found' : fe.statusCode === 413 ? 'payload_too_large' : 'bad_request';
    return { error: { code, message: fe.message } };
  }
  return { error: { code: 'internal', message: 'Internal error; it has been logged with the request id' } };
}

function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const params = issue.params ?? {};
  const path = (issue.instancePath ?? '').split('/').filter(Boolean).join('.');
  const extra =
    firstString(params.additionalProperty) ??
    firstString(params.additionalProperties) ??
    firstString(params.missingProperty) ??
    firstString(params.requiredProperties);
  const name = [path, extra].filter(Boolean).join('.');
  return name || context || 'body';
}

function describe(issue: ValidationIssue): string {
  const params = issue.params ?? {};
  if (issue.keyword === 'additionalProperties' || issue.message === 'schema is false') return 'unknown field';
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'maxLength') return `must be at most ${params.limit} characters`;
  if (issue.keyword === 'minLength') return `must be at least ${params.limit} characters`;
  if (issue.keyword === 'type') return `must be of type ${params.type}`;
  return issue.message ?? 'is invalid';
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}
