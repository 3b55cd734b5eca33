import { Readable } from 'node:stream';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { Type } from 'typebox';
import { actorOf, type Api, IdParams, type RouteDeps, Uuid } from '../platform/index';
import { ingestInteractions, MAX_BULK_ITEMS, recordOne } from './ingest';
import { LIMITS } from './input';
import { ingestInteractionStream } from './stream';
import { CHANNELS, DIRECTIONS } from './tables';
import { getTimeline, TIMELINE_MAX_LIMIT } from './timeline';

const Strict = { additionalProperties: false } as const;
const NDJSON = 'application/x-ndjson';
/** A 10,000-item batch with summaries fits comfortably; only the bulk route takes this much. */
const BULK_BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const Text = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

const IdentifiersBody = Type.Object(
  {
    email: Type.Optional(Type.String({ maxLength: LIMITS.identifier })),
    phone: Type.Optional(Type.String({ maxLength: LIMITS.identifier })),
    externalId: Type.Optional(
      Type.String({ maxLength: LIMITS.identifier, description: 'source:id, e.g. shop:1' }),
    ),
    deviceId: Type.Optional(Type.String({ maxLength: LIMITS.identifier })),
    social: Type.Optional(Type.String({ maxLength: LIMITS.identifier })),
    name: Type.Optional(
      Type.String({ maxLength: LIMITS.name, description: 'for a person created from these' }),
    ),
  },
  { ...Strict, description: 'Finds the person (exact match on any); unknown ones create or attach' },
);

/** One interaction (documentation: the service checks each item itself, so one bad item spoils nothing). */
const ItemBody = Type.Object(
  {
    idempotencyKey: Type.String({ minLength: 1, maxLength: LIMITS.idempotencyKey }),
    channel: Type.Union(CHANNELS.map((c) => Type.Literal(c))),
    direction: Type.Optional(
      Type.Union(
        DIRECTIONS.map((d) => Type.Literal(d)),
        { default: 'inbound' },
      ),
    ),
    type: Type.String({
      minLength: 1,
      maxLength: LIMITS.type,
      description: 'visit, page_view, call, purchase...',
    }),
    occurredAt: Type.String({ format: 'date-time', description: 'not before 1970, at most a day ahead' }),
    durationSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    agent: Text(LIMITS.identifier),
    subject: Text(LIMITS.subject),
    summary: Text(LIMITS.summary),
    body: Text(LIMITS.body),
    metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    links: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'e.g. {"orderId": "..."}' }),
    ),
    identifiers: Type.Optional(IdentifiersBody),
    personId: Type.Optional(Uuid),
  },
  Strict,
);

const ItemResult = Type.Object({
  status: Type.Union([Type.Literal('created'), Type.Literal('duplicate'), Type.Literal('rejected')]),
  id: Type.Optional(Uuid),
  personId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), field: Type.String() })),
});

const OneOrMore = Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Array(Type.String())]));

/** Body schemas here document the shape; items are checked one by one by the service. */
const documentedBody: FastifySchemaCompiler<unknown> = (route) =>
  route.httpPart === 'body'
    ? (value) => ({ value })
    : TypeBoxValidatorCompiler(route as Parameters<typeof TypeBoxValidatorCompiler>[0]);

const isNdjson = (request: FastifyRequest) => (request.headers['content-type'] ?? '').startsWith(NDJSON);

export function registerInteractionRoutes(app: Api, deps: RouteDeps): void {
  // Own scope: the NDJSON body parser (which hands the handler the raw stream) stays on these routes.
  void app.register(async (scope) => routes(scope as unknown as Api, deps));
}

function routes(app: Api, { db }: RouteDeps): void {
  app.addContentTypeParser(NDJSON, async (_request: FastifyRequest, payload: unknown) => payload);

  const streamReply = (request: FastifyRequest) =>
    Readable.from(
      ingestInteractionStream(db, actorOf(request), request.body as AsyncIterable<Buffer>, {
        onError: (err) => request.log.error({ err, requestId: request.id }, 'interaction stream stopped'),
      }),
    );

  app.post(
    '/api/interactions',
    {
      validatorCompiler: documentedBody,
      schema: {
        tags: ['interactions'],
        summary: 'Record one interaction; 201 when created, 200 with the first row for a repeated key',
        body: ItemBody,
        response: { 200: ItemResult, 201: ItemResult },
      },
    },
    async (request, reply) => {
      const result = await recordOne(db, actorOf(request), request.body as unknown);
      return reply.code(result.status === 'created' ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/interactions/bulk',
    {
      bodyLimit: BULK_BODY_LIMIT_BYTES,
      validatorCompiler: documentedBody,
      schema: {
        tags: ['interactions'],
        summary: `Record up to ${MAX_BULK_ITEMS.toLocaleString('en-US')} interactions; answers after commit, per item in input order (content-type ${NDJSON}: as the stream route)`,
        body: Type.Object({ items: Type.Array(ItemBody, { maxItems: MAX_BULK_ITEMS }) }, Strict),
        response: { 200: Type.Object({ results: Type.Array(ItemResult) }) },
      },
    },
    async (request, reply) => {
      // A stream is sent as is (the response schema only shapes the JSON answer).
      if (isNdjson(request)) return reply.type(NDJSON).send(streamReply(request) as never);
      return ingestInteractions(db, actorOf(request), request.body as unknown);
    },
  );

  app.post(
    '/api/interactions/stream',
    {
      validatorCompiler: documentedBody,
      schema: {
        tags: ['interactions'],
        summary:
          'Record any number of interactions sent as NDJSON (one per line); committed in chunks of 5,000, answered as NDJSON per item ({"index","status","id","personId","error"}) then {"done":true,...}',
        consumes: [NDJSON],
      },
    },
    async (request, reply) => {
      if (!isNdjson(request))
        return reply.code(415).send({ error: { code: 'unsupported_media_type', message: `Send ${NDJSON}` } });
      return reply.type(NDJSON).send(streamReply(request));
    },
  );

  app.get(
    '/api/people/:id/timeline',
    {
      schema: {
        tags: ['interactions'],
        summary: 'A person’s interactions from every channel, newest first (pass nextCursor back as cursor)',
        params: IdParams,
        querystring: Type.Object(
          {
            channel: OneOrMore,
            type: OneOrMore,
            cursor: Type.Optional(Type.String({ maxLength: 200 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: TIMELINE_MAX_LIMIT })),
          },
          Strict,
        ),
      },
    },
    async (request) => getTimeline(db, actorOf(request), request.params.id, request.query),
  );
}
