import { Type } from 'typebox';
import type { Db } from '../../db/index';
import { withTenant } from '../../db/index';
import {
  actorOf,
  type Api,
  IdParams,
  ListCount,
  NoContent,
  type RouteDeps,
  Strict,
  Uuid,
} from '../../platform/index';
import { authorize, type Principal } from '../../platform/index';
import { ATTRIBUTE_PARAM, attributeParams } from '../attributes/attributes-filter';
import { BULK_LIMIT, bulkUpdate } from './bulk-update';
import { countPeople, SCORE_PARAM, scoreParams } from './people-list';
import { createView, deleteView, listViews, updateView } from './saved-views';
import { LifecycleStage } from '../people/schema';
import {
  BulkUpdateInput,
  BulkUpdateResult,
  ObjectTypeQuery,
  SavedView,
  SavedViews,
  Tag,
  TagsById,
  TagsInUse,
  TagsLookup,
  ViewCreate,
  ViewUpdate,
} from './schema';
import { loadTags, TAGGED, type TaggedType, tagsInUse } from './tags';

/** The back office's list routes: counts, bulk changes, tags, saved views. */
export function registerListRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/people/count',
    {
      schema: {
        tags: ['customers'],
        summary:
          'How many people the filters of GET /api/people match: {count, exact}; past 100,000 the count ' +
          'stops (exact: false, "over 100,000")',
        querystring: Type.Object(
          {
            lifecycleStage: Type.Optional(LifecycleStage),
            ownerId: Type.Optional(Uuid),
            namePrefix: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            tag: Type.Optional(Tag),
          },
          {
            ...Strict,
            patternProperties: {
              [ATTRIBUTE_PARAM]: Type.String({ maxLength: 1000 }),
              [SCORE_PARAM]: Type.String({ maxLength: 1000 }),
            },
          },
        ),
        response: { 200: ListCount },
      },
    },
    async (request) =>
      countPeople(db, actorOf(request), {
        ...request.query,
        attributeFilters: attributeParams(request.query),
        scoreFilters: scoreParams(request.query),
      }),
  );

  for (const type of Object.keys(TAGGED) as TaggedType[]) {
    app.post(
      `/api/${type}/bulk-update`,
      {
        schema: {
          tags: ['customers'],
          summary:
            `Assign an owner (or none) and add or remove tags on many ${type}: ids, or filter with the query ` +
            `parameters of GET /api/${type} (at most ${BULK_LIMIT} records). Each record is checked against ` +
            'your update level and audited; refused counts those left alone.',
          body: BulkUpdateInput,
          response: { 200: BulkUpdateResult },
        },
      },
      async (request) => bulkUpdate(db, actorOf(request), type, request.body),
    );
  }

  app.get(
    '/api/tags',
    {
      schema: {
        tags: ['customers'],
        summary: 'Tags in use on people or accounts, most used first',
        querystring: ObjectTypeQuery,
        response: { 200: TagsInUse },
      },
    },
    async (request) => ({ items: await tagsOf(db, actorOf(request), request.query.objectType) }),
  );
  app.post(
    '/api/tags/lookup',
    {
      schema: {
        tags: ['customers'],
        summary: 'The tags of some people or accounts, by id',
        body: TagsLookup,
        response: { 200: TagsById },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { objectType, ids } = request.body;
      authorize(actor, objectType, 'read');
      const tags = await withTenant(db, actor.workspaceId, (trx) =>
        loadTags(trx, objectType, actor.workspaceId, ids),
      );
      return { tags: Object.fromEntries(tags) };
    },
  );

  app.get(
    '/api/views',
    {
      schema: {
        tags: ['customers'],
        summary: 'Your saved views of a list and those shared with the workspace',
        querystring: ObjectTypeQuery,
        response: { 200: SavedViews },
      },
    },
    async (request) => ({ items: await listViews(db, actorOf(request), request.query.objectType) }),
  );
  app.post(
    '/api/views',
    {
      schema: {
        tags: ['customers'],
        summary: "Save a list's filters, sort and columns as a view; shared: visible to the whole workspace",
        body: ViewCreate,
        response: { 201: SavedView },
      },
    },
    async (request, reply) => reply.code(201).send(await createView(db, actorOf(request), request.body)),
  );
  app.patch(
    '/api/views/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Rename, share or unshare, or replace one of your views',
        params: IdParams,
        body: ViewUpdate,
        response: { 200: SavedView },
      },
    },
    async (request) => updateView(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/views/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Delete one of your views',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteView(db, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
}

async function tagsOf(db: Db, actor: Principal, type: TaggedType) {
  authorize(actor, type, 'read');
  return withTenant(db, actor.workspaceId, (trx) => tagsInUse(trx, type, actor.workspaceId));
}
