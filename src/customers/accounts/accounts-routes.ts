import { Type } from 'typebox';
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
import { createAccount, deleteAccount, getAccount, updateAccount } from './accounts';
import { countAccounts, listAccounts } from './accounts-list';
import { addMember, listMembers, removeMember, updateMember } from './accounts-members';
import { ATTRIBUTE_PARAM, attributeParams } from '../attributes/attributes-filter';
import { ACCOUNT_SORTS } from '../lists/list-sort';
import {
  Account,
  AccountCreate,
  AccountsPage,
  AccountUpdate,
  MemberAdd,
  MemberParams,
  MembersPage,
  MembersQuery,
  MemberUpdate,
  Membership,
} from './schema';

/** Accounts (companies) and their members. */
export function registerAccountRoutes(app: Api, { db }: RouteDeps): void {
  app.post(
    '/api/accounts',
    {
      schema: {
        tags: ['customers'],
        summary: 'Add an account (a company): name, domain, industry, size, owner, team, custom attributes',
        body: AccountCreate,
        response: { 201: Account },
      },
    },
    async (request, reply) => reply.code(201).send(await createAccount(db, actorOf(request), request.body)),
  );
  const Filters = {
    namePrefix: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    domain: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
    industry: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    ownerId: Type.Optional(Uuid),
    teamId: Type.Optional(Uuid),
    tag: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  };
  const FilterQuery = {
    ...Strict,
    patternProperties: { [ATTRIBUTE_PARAM]: Type.String({ maxLength: 1000 }) },
  };
  app.get(
    '/api/accounts',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Accounts, newest first or in the sort order (sort=name, -industry, owner, ...: empty fields last, ' +
          'first when descending; owner sorts by the owner’s name), a page at a time (pass nextCursor back ' +
          'as cursor), each with its tags. Filter by name prefix, domain, industry, owner, team, tag, and ' +
          'custom attributes: attr.<key>=<value>, or attr.<key>.gt|gte|lt|lte=<value> for numbers and dates ' +
          '(YYYY-MM-DD)',
        querystring: Type.Object(
          {
            ...Filters,
            sort: Type.Optional(Type.Union(ACCOUNT_SORTS.map((s) => Type.Literal(s)))),
            cursor: Type.Optional(Type.String({ maxLength: 600 })),
            limit: MembersQuery.properties.limit,
          },
          FilterQuery,
        ),
        response: { 200: AccountsPage },
      },
    },
    async (request) =>
      listAccounts(db, actorOf(request), {
        ...request.query,
        attributeFilters: attributeParams(request.query),
      }),
  );
  app.get(
    '/api/accounts/count',
    {
      schema: {
        tags: ['customers'],
        summary:
          'How many accounts the filters of GET /api/accounts match: {count, exact}; past 100,000 the ' +
          'count stops (exact: false, "over 100,000")',
        querystring: Type.Object(Filters, FilterQuery),
        response: { 200: ListCount },
      },
    },
    async (request) =>
      countAccounts(db, actorOf(request), {
        ...request.query,
        attributeFilters: attributeParams(request.query),
      }),
  );
  app.get(
    '/api/accounts/:id',
    { schema: { tags: ['customers'], summary: 'An account', params: IdParams, response: { 200: Account } } },
    async (request) => getAccount(db, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/accounts/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change an account; attributes are merged key by key (null removes one)',
        params: IdParams,
        body: AccountUpdate,
        response: { 200: Account },
      },
    },
    async (request) => updateAccount(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/accounts/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Delete an account and its memberships (409 while tasks or other records refer to it)',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteAccount(db, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
  app.get(
    '/api/accounts/:id/members',
    {
      schema: {
        tags: ['customers'],
        summary: 'The people of an account with their roles, in the order they joined',
        params: IdParams,
        querystring: MembersQuery,
        response: { 200: MembersPage },
      },
    },
    async (request) => listMembers(db, actorOf(request), request.params.id, request.query),
  );
  app.post(
    '/api/accounts/:id/members',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Add a person to the account with a role ("buyer", "decision maker"...); a person may belong to ' +
          'several accounts, and the first one becomes their primary account',
        params: IdParams,
        body: MemberAdd,
        response: { 201: Membership },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addMember(db, actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/api/accounts/:id/members/:personId',
    {
      schema: {
        tags: ['customers'],
        summary: "Change a member's role or since",
        params: MemberParams,
        body: MemberUpdate,
        response: { 200: Membership },
      },
    },
    async (request) =>
      updateMember(db, actorOf(request), request.params.id, request.params.personId, request.body),
  );
  app.delete(
    '/api/accounts/:id/members/:personId',
    {
      schema: {
        tags: ['customers'],
        summary: 'Take a person out of the account',
        params: MemberParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await removeMember(db, actorOf(request), request.params.id, request.params.personId);
      return reply.code(204).send();
    },
  );
}
