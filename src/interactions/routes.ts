import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  actorOf,
  type Api,
  BulkResult,
  documentedBody,
  IdParams,
  type RouteDeps,
  Streamed,
  StreamedUpload,
  Strict,
} from '../platform/index';
import { ingestInteractions, MAX_BULK_ITEMS, recordOne } from './ingest';
import { NewInteraction, RecordedInteraction, TimelinePage, TimelineQuery } from './schema';
import { ingestInteractionStream } from './stream';
import { getTimeline } from './timeline';

const NDJSON = 'application/x-ndjson';
/** A 10,000-item batch with summaries fits comfortably; only the bulk route takes this much. */
const BULK_BODY_LIMIT_BYTES = 32 * 1024 * 1024;
const StreamAnswer = Streamed(
  'NDJSON: per item {"index","status","id","personId"} or {"index","status":"rejected","field","reason","code"} ' +
    '(the items of the bulk answer), then {"done":true,"items","created","duplicate","rejected"}; a stream that ' +
    'stops on an error ends with {"error":{...},"committedItems"}',
);

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
        body: NewInteraction,
        response: { 200: RecordedInteraction, 201: RecordedInteraction },
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
        body: Type.Object({ items: Type.Array(NewInteraction, { maxItems: MAX_BULK_ITEMS }) }, Strict),
        response: { 200: BulkResult },
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
          'Record any number of interactions sent as NDJSON (one per line); committed in chunks of 5,000, answered as NDJSON per item, then a line with the counts',
        consumes: [NDJSON],
        produces: [NDJSON],
        body: StreamedUpload('NDJSON: one interaction as in POST /api/interactions per line'),
        response: { 200: StreamAnswer, 415: Type.Ref('Error') },
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
        querystring: TimelineQuery,
        response: { 200: TimelinePage },
      },
    },
    async (request) => getTimeline(db, actorOf(request), request.params.id, request.query),
  );
}
