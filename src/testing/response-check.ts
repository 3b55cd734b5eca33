import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { ErrorBody } from '../platform/index';
import type { Api } from '../platform/index';

/**
 * A check, in every HTTP test, that each answer is exactly what its handler returned: a response
 * schema makes Fastify write the answer with fast-json-stringify, which silently leaves out every
 * property the schema does not declare and coerces values of another type (2.5 to an integer 2).
 *
 * For each JSON answer the handler's object is compared with the body as sent (both as JSON: a Date
 * is its ISO string), and the body is checked against the response schema with no undeclared
 * property allowed (which also covers routes written by JSON.stringify). On a difference the answer
 * becomes a 500 naming the route and the paths, so the test that made the request fails.
 */
export function checkResponseSchemas(app: Api): void {
  const sent = new WeakMap<FastifyRequest, { payload: unknown; status: number }>();
  app.addHook('preSerialization', async (request, reply, payload) => {
    sent.set(request, { payload, status: reply.statusCode });
    return payload;
  });
  app.addHook('onSend', async (request, reply, body) => {
    const original = sent.get(request);
    // Another hook answered something else (the merged person's redirect): not the handler's answer.
    if (!original || original.status !== reply.statusCode || typeof body !== 'string') return body;
    const problems = responseProblems(request, reply, original.payload, body);
    if (problems.length === 0) return body;
    const route = `${request.method} ${request.routeOptions.url ?? request.url} (${reply.statusCode})`;
    const message = `The response schema of ${route} changes the answer: ${problems.slice(0, 10).join('; ')}`;
    request.log.error(message);
    console.error(message);
    reply.code(500).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ error: { code: 'internal', message } });
  });
}

/** What differs between the handler's answer and the body sent, and what the schema leaves undeclared. */
export function responseProblems(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  body: string,
): string[] {
  const expected: unknown = JSON.parse(JSON.stringify(payload) ?? 'null');
  let actual: unknown;
  try {
    actual = JSON.parse(body);
  } catch {
    return ['the body is not JSON'];
  }
  const problems = differences(expected, actual, '');
  const schema = responseSchemaOf(request, reply.statusCode);
  if (schema) problems.push(...undeclared(schema, expected));
  return problems;
}

function differences(expected: unknown, actual: unknown, at: string): string[] {
  const path = at || '(the body)';
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: sent ${describe(actual)} for an array`];
    if (expected.length !== actual.length)
      return [`${path}: ${actual.length} items sent of ${expected.length}`];
    return expected.flatMap((e, i) => differences(e, actual[i], `${at}.${i}`));
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return [`${path}: sent ${describe(actual)} for an object`];
    const out: string[] = [];
    for (const key of Object.keys(expected))
      if (!(key in actual)) out.push(`${at}.${key} dropped`);
      else out.push(...differences(expected[key], actual[key], `${at}.${key}`));
    for (const key of Object.keys(actual)) if (!(key in expected)) out.push(`${at}.${key} added`);
    return out;
  }
  return Object.is(expected, actual)
    ? []
    : [`${path}: ${JSON.stringify(expected)} sent as ${JSON.stringify(actual)}`];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

function responseSchemaOf(request: FastifyRequest, status: number): TSchema | undefined {
  const responses = request.routeOptions.schema?.response as Record<string, TSchema> | undefined;
  if (!responses) return undefined;
  return responses[status] ?? responses[`${Math.floor(status / 100)}xx`] ?? responses.default;
}

const checkers = new WeakMap<TSchema, ReturnType<typeof Compile>>();

/** The body's properties the schema does not declare, and values of another type than declared. */
function undeclared(schema: TSchema, value: unknown): string[] {
  let checker = checkers.get(schema);
  if (!checker) {
    checker = Compile(closed(schema) as TSchema);
    checkers.set(schema, checker);
  }
  if (checker.Check(value)) return [];
  return (checker.Errors(value) as unknown as { keyword: string; instancePath: string; message: string }[])
    .filter((e) => e.keyword !== 'additionalProperties')
    .slice(0, 5)
    .map(
      (e) =>
        `schema: ${e.instancePath.replaceAll('/', '.') || '(the body)'} ${e.message === 'schema is false' ? 'is not declared' : e.message}`,
    );
}

/** A copy of a schema whose objects allow no undeclared property; `$ref: 'Error'` resolved. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!isObject(schema)) return schema;
  if (schema.$ref === 'Error' || schema.$ref === 'Error#') return closed(ErrorBody);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = closed(value);
  if (
    copy.type === 'object' &&
    copy.additionalProperties === undefined &&
    copy.patternProperties === undefined
  )
    copy.additionalProperties = false;
  return copy;
}
