import { Type } from 'typebox';
import { actorOf, type Api, IdParams, NoContent, type RouteDeps, Strict, Uuid } from '../../platform/index';
import { ATTRIBUTE_PARAM, attributeParams } from '../attributes/attributes-filter';
import { addIdentity, createPerson, getPerson, removeIdentity, updatePerson } from './people';
import { PEOPLE_SORTS } from '../lists/list-sort';
import { listPeople, SCORE_PARAM, scoreParams } from '../lists/people-list';
import {
  IdentityInput,
  IdentityParams,
  LifecycleStage,
  PeoplePage,
  Person,
  PersonCreate,
  PersonUpdate,
  PersonWithAccounts,
} from './schema';

export function registerPeopleRoutes(app: Api, { db }: RouteDeps): void {
  app.post(
    '/api/people',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Add a person with identities (email, phone, external id...); an identity belongs to one person',
        body: PersonCreate,
        response: { 201: Person },
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
            lifecycleStage: Type.Optional(LifecycleStage),
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
        response: { 200: PeoplePage },
      },
    },
    async (request) =>
      listPeople(db, actorOf(request), {
        ...request.query,
        attributeFilters: attributeParams(request.query),
        scoreFilters: scoreParams(request.query),
      }),
  );
  app.get(
    '/api/people/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'A person with identities and the accounts they belong to',
        params: IdParams,
        response: { 200: PersonWithAccounts },
      },
    },
    async (request) => getPerson(db, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/people/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change a person’s fields; attributes are merged key by key (null removes one)',
        params: IdParams,
        body: PersonUpdate,
        response: { 200: Person },
      },
    },
    async (request) => updatePerson(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/people/:id/identities',
    {
      schema: {
        tags: ['customers'],
        summary: 'Add an identity (email, phone, external id...) to a person; 409 when another person has it',
        params: IdParams,
        body: IdentityInput,
        response: { 201: Person },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addIdentity(db, actorOf(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/people/:id/identities/:identityId',
    {
      schema: {
        tags: ['customers'],
        summary: 'Remove an identity from a person',
        params: IdentityParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await removeIdentity(db, actorOf(request), request.params.id, request.params.identityId);
      return reply.code(204).send();
    },
  );
}
