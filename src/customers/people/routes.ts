import { Type } from 'typebox';
import { actorOf, type Api, IdParams, type RouteDeps, Uuid } from '../../platform/index';
import { ATTRIBUTE_PARAM, attributeParams } from '../attributes/attributes-filter';
import { IDENTITY_KINDS } from '../identity/identities';
import { addIdentity, createPerson, getPerson, removeIdentity, updatePerson } from './people';
import { PEOPLE_SORTS } from '../lists/list-sort';
import { listPeople, SCORE_PARAM, scoreParams } from '../lists/people-list';
import { LIFECYCLE_STAGES } from '../tables';

const Strict = { additionalProperties: false } as const;
const Text = (max: number) => Type.String({ maxLength: max });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) =>
  Type.Optional(Type.Union([t, Type.Null()]));
const Stage = Type.Union(LIFECYCLE_STAGES.map((s) => Type.Literal(s)));
const IdentityBody = Type.Object(
  {
    kind: Type.Union(IDENTITY_KINDS.map((k) => Type.Literal(k))),
    value: Type.String({ minLength: 1, maxLength: 320 }),
  },
  Strict,
);
const Address = Type.Object(
  {
    line1: Type.Optional(Text(200)),
    line2: Type.Optional(Text(200)),
    city: Type.Optional(Text(100)),
    region: Type.Optional(Text(100)),
    postcode: Type.Optional(Text(20)),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  Strict,
);
const fields = {
  firstName: Nullable(Text(200)),
  lastName: Nullable(Text(200)),
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  birthday: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
  address: Type.Optional(Type.Union([Address, Type.Null()])),
  language: Nullable(Type.String({ maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' })),
  notes: Nullable(Text(10_000)),
  ownerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  teamId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  lifecycleStage: Type.Optional(Stage),
  /** Custom attributes, checked against the workspace's definitions (GET /api/attributes); null removes one. */
  attributes: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown())),
};

export function registerPeopleRoutes(app: Api, { db }: RouteDeps): void {
  app.post(
    '/api/people',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Add a person with identities (email, phone, external id...); an identity belongs to one person',
        body: Type.Object(
          {
            ...fields,
            identities: Type.Optional(Type.Array(IdentityBody, { maxItems: 50 })),
            emails: Type.Optional(Type.Array(Type.String({ maxLength: 320 }), { maxItems: 20 })),
            phones: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
            externalIds: Type.Optional(Type.Array(Type.String({ maxLength: 260 }), { maxItems: 20 })),
            country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
          },
          Strict,
        ),
      },
    },
    async (request, reply) => reply.code(201).send(await createPerson(db, actorOf(request), request.body)),
  );
  app.get(
    '/api/people',
    {
      schema: {
        tags: ['customers'],
        summary:
          'People, newest first or in the sort order (sort=displayName, -updatedAt, ...), a page at a time ' +
          '(pass nextCursor back as cursor). Filter by stage, owner, name prefix, tag, and custom attributes: attr.<key>=<value>, or attr.<key>.gt|gte|lt|lte=<value> for ' +
          'numbers and dates (YYYY-MM-DD). Scores written back by analytics (needs analytics read): ' +
          'segment=<name>[,<name>...], preferredChannel=<channel>[,...], and churnRisk, pAlive, clv, ' +
          'profitDecile as <name>=<value> or <name>.gt|gte|lt|lte=<value>',
        querystring: Type.Object(
          {
            lifecycleStage: Type.Optional(Stage),
            ownerId: Type.Optional(Uuid),
            namePrefix: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            tag: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            sort: Type.Optional(Type.Union(PEOPLE_SORTS.map((s) => Type.Literal(s)))),
            cursor: Type.Optional(Type.String({ maxLength: 600 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
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
    async (request) =>
      listPeople(db, actorOf(request), {
        ...request.query,
        attributeFilters: attributeParams(request.query),
        scoreFilters: scoreParams(request.query),
      }),
  );
  app.get('/api/people/:id', { schema: { tags: ['customers'], params: IdParams } }, async (request) =>
    getPerson(db, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/people/:id',
    { schema: { tags: ['customers'], params: IdParams, body: Type.Object(fields, Strict) } },
    async (request) => updatePerson(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/people/:id/identities',
    { schema: { tags: ['customers'], params: IdParams, body: IdentityBody } },
    async (request, reply) =>
      reply.code(201).send(await addIdentity(db, actorOf(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/people/:id/identities/:identityId',
    { schema: { tags: ['customers'], params: Type.Object({ id: Uuid, identityId: Uuid }, Strict) } },
    async (request, reply) => {
      await removeIdentity(db, actorOf(request), request.params.id, request.params.identityId);
      return reply.code(204).send();
    },
  );
}
