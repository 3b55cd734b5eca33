import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { LIFECYCLE_STAGES } from '../customers/index';
import { invalid } from '../platform/index';
import { actorOf, type Api, IdParams, type RouteDeps, Uuid } from '../platform/index';
import { mappingFromJson } from './csv/mapping';
// The query-string readers of GET /api/people, so the export takes exactly its filters (not yet
// exported from the customers slice's index.ts).
import { ATTRIBUTE_PARAM, attributeParams } from '../customers/index';
import { PEOPLE_SORTS } from '../customers/index';
import { SCORE_PARAM, scoreParams } from '../customers/index';
import { exportPeopleCsv, exportTimelineCsv, type PeopleFilters } from './export';
import { FILE_FORMATS } from './csv/records';
import { IMPORT_KINDS, type ImportKindName } from './kind';
import { NEW_PRODUCTS, ORDER_STATUSES } from './orders-load';
import { PRESET_NAMES } from './presets';
import { KINDS } from './run';
import { getImport, rejectedCsv, startImport } from './service';

const Strict = { additionalProperties: false } as const;
const CSV = 'text/csv';
const Bool = Type.Optional(Type.Boolean({ description: 'default false' }));

const ImportView = Type.Object({
  id: Uuid,
  kind: Type.String(),
  state: Type.String({ description: 'uploading, queued, running, refused (bad lines), succeeded, failed' }),
  fileName: Type.Union([Type.String(), Type.Null()]),
  dryRun: Type.Boolean(),
  progress: Type.Object({
    done: Type.Integer({ description: 'data lines committed' }),
    total: Type.Union([Type.Integer(), Type.Null()], { description: 'data lines in the file, once read' }),
    rowsPerSecond: Type.Union([Type.Integer(), Type.Null()]),
  }),
  counts: Type.Record(Type.String(), Type.Integer(), {
    description:
      'people: created, updated, rejected; interactions: created, duplicate, rejected; orders: created, unchanged, ' +
      'rejected, returns, customersCreated, productsCreated; products and accounts: created, updated, unchanged, rejected',
  }),
  badRows: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), field: Type.String(), reason: Type.String() })),
  uploadBytes: Type.Integer(),
  jobId: Type.Union([Uuid, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

export function registerImportRoutes(app: Api, deps: RouteDeps): void {
  // Own scope: the CSV body parser (which hands the handler the raw stream) stays on these routes.
  void app.register(async (scope) => routes(scope as unknown as Api, deps));
}

const sendCsv = (reply: FastifyReply, fileName: string, body: AsyncGenerator<string>) =>
  reply
    .type(`${CSV}; charset=utf-8`)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(Readable.from(body));

/** Starts the generator so a refusal (403, 404) is an error reply, not a broken stream. */
async function primed(body: AsyncGenerator<string>): Promise<AsyncGenerator<string>> {
  const first = await body.next();
  return (async function* () {
    if (!first.done) yield first.value;
    yield* body;
  })();
}

function routes(app: Api, { db }: RouteDeps): void {
  app.addContentTypeParser(
    CSV,
    (_request: FastifyRequest, payload: unknown, done: (e: null, b: unknown) => void) => done(null, payload),
  );

  app.post(
    '/api/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Import a file of people, interactions, orders, products or accounts as a job: send the file as the body (content-type text/csv, streamed); answers 202 with the import',
        description:
          'Every line is checked first; with bad lines nothing is loaded unless skipBadRows; dryRun counts what the import ' +
          'would create, update, leave unchanged or refuse, and keeps nothing. People are upserted by identity, products ' +
          'by SKU, accounts by domain or name; an order is never made twice (its key is the order number with source, ' +
          'else the file and line). Follow with GET /api/imports/{id}.',
        querystring: Type.Object(
          {
            kind: Type.Union(IMPORT_KINDS.map((k) => Type.Literal(k))),
            dryRun: Bool,
            skipBadRows: Bool,
            mapping: Type.Optional(
              Type.String({
                maxLength: 10_000,
                description: 'JSON object key -> column, e.g. {"email":"E-mail"}',
              }),
            ),
            source: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,49}$' })),
            dateFormat: Type.Optional(Type.String({ maxLength: 40 })),
            channel: Type.Optional(Type.String({ maxLength: 20 })),
            type: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
            delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
            format: Type.Optional(Type.Union(FILE_FORMATS.map((f) => Type.Literal(f)))),
            columns: Type.Optional(
              Type.String({
                maxLength: 2000,
                description: 'whitespace files: names by position, "-" skips one',
              }),
            ),
            preset: Type.Optional(Type.Union(PRESET_NAMES.map((p) => Type.Literal(p)))),
            currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
            status: Type.Optional(Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)))),
            newProducts: Type.Optional(Type.Union(NEW_PRODUCTS.map((p) => Type.Literal(p)))),
            fileName: Type.Optional(Type.String({ maxLength: 300 })),
          },
          Strict,
        ),
        response: { 202: ImportView },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const kind = q.kind as ImportKindName;
      if (!(request.headers['content-type'] ?? '').startsWith(CSV))
        throw invalid('body', 'send the CSV file as the body with content-type text/csv');
      let mapping = {};
      try {
        if (q.mapping) mapping = mappingFromJson(JSON.parse(q.mapping), KINDS[kind].keys);
      } catch (err) {
        throw invalid('mapping', (err as Error).message.replace(/^mapping: /, ''));
      }
      const { view } = await startImport(
        db,
        actorOf(request),
        {
          kind,
          dryRun: q.dryRun === true,
          skipBadRows: q.skipBadRows === true,
          mapping,
          settings: {
            source: q.source,
            dateFormat: q.dateFormat,
            channel: q.channel,
            type: q.type,
            direction: q.direction,
            delimiter: q.delimiter,
            format: q.format,
            columns: q.columns?.split(',').map((c) => c.trim()),
            preset: q.preset,
            currency: q.currency,
            status: q.status,
            newProducts: q.newProducts,
          },
          fileName: q.fileName ?? null,
        },
        request.body as AsyncIterable<Buffer>,
      );
      return reply.code(202).send(view);
    },
  );

  app.get(
    '/api/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: 'An import: state, progress (lines done of total, rate), counts and the first errors',
        params: IdParams,
        response: { 200: ImportView },
      },
    },
    async (request) => getImport(db, actorOf(request), request.params.id),
  );

  app.get(
    '/api/imports/:id/rejected.csv',
    {
      schema: {
        tags: ['imports'],
        summary: "The lines an import did not load, with the file's columns and line, field, reason",
        params: IdParams,
      },
    },
    async (request, reply) =>
      sendCsv(reply, 'rejected.csv', await primed(rejectedCsv(db, actorOf(request), request.params.id))),
  );

  app.get(
    '/api/people/export.csv',
    {
      schema: {
        tags: ['customers'],
        summary:
          'People as CSV with the filters and sort of GET /api/people (stage, owner, name prefix, tag, attr.<key>, ' +
          'scores), streamed a page at a time through its cursor',
        querystring: Type.Object(
          {
            lifecycleStage: Type.Optional(Type.Union(LIFECYCLE_STAGES.map((s) => Type.Literal(s)))),
            ownerId: Type.Optional(Uuid),
            namePrefix: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            tag: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            sort: Type.Optional(Type.Union(PEOPLE_SORTS.map((s) => Type.Literal(s)))),
          },
          {
            ...Strict,
            patternProperties: {
              [ATTRIBUTE_PARAM]: Type.String({ maxLength: 1000 }),
              [SCORE_PARAM]: Type.String({ maxLength: 1000 }),
            },
          },
        ),
      },
    },
    async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const filters: PeopleFilters = {
        ...(request.query.lifecycleStage ? { lifecycleStage: request.query.lifecycleStage } : {}),
        ...(request.query.ownerId ? { ownerId: request.query.ownerId } : {}),
        ...(request.query.namePrefix ? { namePrefix: request.query.namePrefix } : {}),
        ...(request.query.tag ? { tag: request.query.tag } : {}),
        ...(request.query.sort ? { sort: request.query.sort } : {}),
        attributeFilters: attributeParams(q),
        scoreFilters: scoreParams(q),
      };
      return sendCsv(reply, 'people.csv', await primed(exportPeopleCsv(db, actorOf(request), filters)));
    },
  );

  app.get(
    '/api/people/:id/timeline.csv',
    {
      schema: {
        tags: ['interactions'],
        summary: "A person's timeline as CSV (newest first; channel and type filters as the timeline)",
        params: IdParams,
        querystring: Type.Object(
          {
            channel: Type.Optional(Type.String({ maxLength: 200 })),
            type: Type.Optional(Type.String({ maxLength: 500 })),
          },
          Strict,
        ),
      },
    },
    async (request, reply) =>
      sendCsv(
        reply,
        'timeline.csv',
        await primed(exportTimelineCsv(db, actorOf(request), request.params.id, request.query)),
      ),
  );
}
