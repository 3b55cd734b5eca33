import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';
import { type Static, type TSchemaOptions, type TSchema, Type } from 'typebox';

/**
 * The building blocks of every slice's request and response schemas (TypeBox). A response schema
 * is also how Fastify writes the answer (fast-json-stringify), which leaves out every property the
 * schema does not declare: describe answers completely. `src/testing/response-check.ts` fails a
 * test whose answer the schema would change.
 */

/** Objects of a request take no other properties. */
export const Strict = { additionalProperties: false } as const;

/**
 * A moment in an answer, written as an ISO 8601 string (`2024-05-01T12:00:00.000Z`). The web app
 * sees a string; a handler may hand over a `Date` (the serialiser writes `toISOString()`).
 */
export const DateTime = Type.Codec(Type.String({ format: 'date-time' }))
  .Decode((value: string): Date | string => value)
  .Encode((value: Date | string) => (value instanceof Date ? value.toISOString() : value));

/** One of a list of strings: `{ type: 'string', enum }` (a plain enum in the document). */
export const Enum = <const T extends string[]>(values: readonly [...T], options: TSchemaOptions = {}) =>
  Type.Enum<T>(values, { ...options, type: 'string' });

/** A calendar day, `YYYY-MM-DD`. */
export const Day = Type.String({ format: 'date' });

export const Nullable = <T extends TSchema>(schema: T, options: { description?: string } = {}) =>
  Type.Union([schema, Type.Null()], options);

/**
 * A number of a report that may be undefined (a ratio over nothing): the services compute NaN, which
 * JSON writes as null. Routes answering such numbers are written by `jsonSerializer`, since
 * fast-json-stringify refuses NaN.
 */
export const Measure = Type.Union([Type.Number(), Type.Null()], {
  description: 'null when undefined (e.g. a ratio over nothing)',
});

/** Answers written by JSON.stringify (NaN as null) instead of the schema's serialiser. */
export const jsonSerializer = () => (data: unknown) => JSON.stringify(data);

/** Free-form JSON values kept as given (custom attributes, metadata, audit changes). */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());

/** 204: no body. */
export const NoContent = Type.Unsafe<undefined>({ type: 'null', description: 'No content' });

/** `{ items }`: a whole list. */
export const Items = <T extends TSchema>(item: T, description?: string) =>
  Type.Object({ items: Type.Array(item, description ? { description } : {}) });
/** The answer of a whole list, as the web app reads it (`Items<User>`). */
export type Items<T> = { items: T[] };

/** `{ items, nextCursor }`: one page; pass `nextCursor` back as `cursor` for the next (null: last page). */
export const CursorPage = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass back as cursor for the next page; null on the last page',
    }),
  });
/** One page of a list, as the web app reads it. */
export type CursorPage<T> = { items: T[]; nextCursor: string | null };

/** `{ count, exact }`: how many records a list's filters match, counted up to a cap. */
export const ListCount = Type.Object({
  count: Type.Integer(),
  exact: Type.Boolean({
    description: 'false when counting stopped at the cap (count is then a lower bound)',
  }),
});
export type ListCount = Static<typeof ListCount>;

/** A body sent as is, not JSON (a CSV file, an NDJSON or event stream): its media type and description. */
export const Streamed = (description: string) =>
  Type.Codec(Type.String({ description }))
    .Decode((value: string): string | NodeJS.ReadableStream => value)
    // Never called: a stream is sent as it is, and the schema only documents it.
    .Encode((value: string | NodeJS.ReadableStream) => value as string);

/** A request body read as a stream by the handler (a CSV file, NDJSON lines): binary in the document. */
export const StreamedUpload = (description: string) =>
  Type.Unsafe<AsyncIterable<Buffer>>({ type: 'string', format: 'binary', description });

/**
 * The validator of routes whose body schema only documents the body: the service reads and checks
 * it itself (each item of a bulk call on its own; a streamed file). Other parts are validated as usual.
 */
export const documentedBody: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body'
    ? (value) => ({ value })
    : TypeBoxValidatorCompiler(route as Parameters<typeof TypeBoxValidatorCompiler>[0]);
