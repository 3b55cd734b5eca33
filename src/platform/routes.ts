import { Type } from 'typebox';
import { listAudit } from './audit';
import { createApiToken, listApiTokens, logout, revokeApiToken } from './auth';
import { AppError } from './errors';
import { actorOf, type Api, IdParams, type RouteDeps, secureCookies, Uuid } from './http';
import { getJob, listJobs } from './jobs';
import { createLoginLimits, login } from './login';
import {
  changeOwnPassword,
  completePasswordReset,
  createPasswordLimits,
  createPasswordReset,
  inspectPasswordReset,
} from './password-reset';
import { DEPARTMENTS, type Principal } from './permissions';
import { createRole, listRoles, updateRole, updateRoleGrants } from './roles';
import { createTeam, listTeams, renameTeam } from './teams';
import { createUser, getUser, listUsers, updateUser } from './users';
import { getWorkspace } from './workspaces';

export const SESSION_COOKIE = 'rapport_session';
/** Marks a browser that logged in before: its logins are not slowed by others' failed attempts. */
export const DEVICE_COOKIE = 'rapport_device';
const DEVICE_COOKIE_DAYS = 365;

const Strict = { additionalProperties: false } as const;
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Email = Type.String({ minLength: 3, maxLength: 320 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const Department = Type.Union(DEPARTMENTS.map((d) => Type.Literal(d)));
/** Object type -> action -> level; the service names any unknown type, action or level. */
const GrantsBody = Type.Record(
  Type.String({ maxLength: 50 }),
  Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: 10 })),
);

/** What the caller's role may do, for a client that shows or locks controls accordingly. */
function permissionsOf(principal: Principal) {
  return {
    role: principal.roleName,
    userId: principal.userId,
    teamId: principal.teamId,
    grants: principal.grants,
  };
}

export function registerPlatformRoutes(app: Api, deps: RouteDeps): void {
  const { db, config } = deps;
  const limits = createLoginLimits({ failuresPerWorkspace: config.loginFailuresPerWorkspace });
  registerPasswordRoutes(app, deps);

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with a password; sets the session cookie',
        security: [],
        body: Type.Object(
          { workspace: Type.String({ minLength: 1, maxLength: 63 }), email: Email, password: Password },
          Strict,
        ),
        response: { 401: Type.Ref('Error'), 429: Type.Ref('Error') },
      },
    },
    async (request, reply) => {
      const result = await login(db, limits, {
        ...request.body,
        address: request.ip,
        device: request.cookies[DEVICE_COOKIE],
      });
      const secure = secureCookies(request, config);
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        expires: result.sessionExpiresAt,
      });
      reply.setCookie(DEVICE_COOKIE, result.device, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/api/auth/login',
        maxAge: DEVICE_COOKIE_DAYS * 24 * 60 * 60,
      });
      return {
        user: result.user,
        workspace: result.workspace,
        csrfToken: result.csrfToken,
        permissions: permissionsOf(result.principal),
      };
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary:
          'The logged-in user and workspace, and what the role may do: permissions.grants is ' +
          'object type -> action -> level (all, team, own; a missing action is none)',
      },
    },
    async (request) => {
      // Resolved (and checked as current) by authentication, before this handler.
      const session = request.session;
      if (!session) throw new AppError('unauthenticated', 'Not logged in');
      return {
        user: session.user,
        workspace: session.workspace,
        csrfToken: session.csrfToken,
        permissions: permissionsOf(session.principal),
      };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session' } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/', secure: secureCookies(request, config) });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/workspace',
    { schema: { tags: ['admin'], summary: 'The caller’s workspace' } },
    async (request) => getWorkspace(db, actorOf(request).workspaceId),
  );

  app.get('/api/users', { schema: { tags: ['admin'] } }, async (request) => ({
    items: await listUsers(db, actorOf(request)),
  }));
  app.get('/api/users/:id', { schema: { tags: ['admin'], params: IdParams } }, async (request) =>
    getUser(db, actorOf(request), request.params.id),
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags: ['admin'],
        body: Type.Object(
          {
            email: Email,
            name: Type.Optional(Name),
            role: Type.String({ minLength: 1, maxLength: 63 }),
            password: Type.Optional(Password),
            teamId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            department: Type.Optional(Type.Union([Department, Type.Null()])),
          },
          Strict,
        ),
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(db, actorOf(request), request.body)),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['admin'],
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            role: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
            teamId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            department: Type.Optional(Type.Union([Department, Type.Null()])),
            active: Type.Optional(Type.Boolean()),
          },
          Strict,
        ),
      },
    },
    async (request) => updateUser(db, actorOf(request), request.params.id, request.body),
  );

  app.get('/api/teams', { schema: { tags: ['admin'] } }, async (request) => ({
    items: await listTeams(db, actorOf(request)),
  }));
  app.post(
    '/api/teams',
    { schema: { tags: ['admin'], body: Type.Object({ name: Name }, Strict) } },
    async (request, reply) => reply.code(201).send(await createTeam(db, actorOf(request), request.body)),
  );
  app.patch(
    '/api/teams/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename a team (409 when another team has the name)',
        params: IdParams,
        body: Type.Object({ name: Name }, Strict),
      },
    },
    async (request) => renameTeam(db, actorOf(request), request.params.id, request.body),
  );

  app.get('/api/roles', { schema: { tags: ['admin'] } }, async (request) => ({
    items: await listRoles(db, actorOf(request)),
  }));
  app.post(
    '/api/roles',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a custom role with its grants',
        body: Type.Object(
          {
            name: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$' }),
            description: Type.Optional(Type.String({ maxLength: 500 })),
            grants: GrantsBody,
          },
          Strict,
        ),
      },
    },
    async (request, reply) => reply.code(201).send(await createRole(db, actorOf(request), request.body)),
  );
  app.patch(
    '/api/roles/:id',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Rename a custom role or change its description (built-in roles keep their names; 409 when ' +
          'another role has the name). Users keep the role.',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
            description: Type.Optional(Type.String({ maxLength: 500 })),
          },
          Strict,
        ),
      },
    },
    async (request) => updateRole(db, actorOf(request), request.params.id, request.body),
  );
  app.put(
    '/api/roles/:id/grants',
    {
      schema: {
        tags: ['admin'],
        params: IdParams,
        body: Type.Object({ grants: GrantsBody }, Strict),
      },
    },
    async (request) => updateRoleGrants(db, actorOf(request), request.params.id, request.body.grants),
  );

  app.get('/api/tokens', { schema: { tags: ['admin'] } }, async (request) => ({
    items: await listApiTokens(db, actorOf(request)),
  }));
  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an API token; the token is shown only in this response',
        body: Type.Object({ name: Name, userId: Type.Optional(Uuid) }, Strict),
      },
    },
    async (request, reply) => {
      const { token, info } = await createApiToken(db, actorOf(request), request.body);
      return reply.code(201).send({ token, ...info });
    },
  );
  app.delete('/api/tokens/:id', { schema: { tags: ['admin'], params: IdParams } }, async (request, reply) => {
    await revokeApiToken(db, actorOf(request), request.params.id);
    return reply.code(204).send();
  });

  const AuditQuery = Type.Object(
    {
      objectType: Type.Optional(Type.String({ maxLength: 50 })),
      objectId: Type.Optional(Type.String({ maxLength: 100 })),
      actorUserId: Type.Optional(Uuid),
      action: Type.Optional(Type.Union(['create', 'update', 'delete', 'merge'].map((a) => Type.Literal(a)))),
      before: Type.Optional(Type.Integer({ minimum: 1 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    },
    Strict,
  );
  app.get(
    '/api/audit',
    {
      schema: { tags: ['admin'], summary: 'The workspace audit log, newest first', querystring: AuditQuery },
    },
    async (request) => {
      const q = request.query;
      const items = await listAudit(db, actorOf(request), {
        ...q,
        action: q.action as 'create' | 'update' | 'delete' | 'merge' | undefined,
        limit: q.limit ?? 100,
      });
      return { items, nextBefore: items.length === (q.limit ?? 100) ? items.at(-1)?.id : undefined };
    },
  );
  app.get(
    '/api/audit/:objectType/:objectId',
    {
      schema: {
        tags: ['admin'],
        summary: 'The audit history of one record',
        params: Type.Object(
          { objectType: Type.String({ maxLength: 50 }), objectId: Type.String({ maxLength: 100 }) },
          Strict,
        ),
      },
    },
    async (request) => ({
      items: await listAudit(db, actorOf(request), { ...request.params, limit: 500 }),
    }),
  );

  app.get(
    '/api/jobs',
    {
      schema: {
        tags: ['jobs'],
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
          Strict,
        ),
      },
    },
    async (request) => ({ items: await listJobs(db, actorOf(request), request.query.limit ?? 50) }),
  );
  app.get(
    '/api/jobs/:id',
    { schema: { tags: ['jobs'], summary: 'A job’s state and progress', params: IdParams } },
    async (request) => getJob(db, actorOf(request), request.params.id),
  );
}

/** Reset links made by an admin (no mail is sent), their use, and changing one's own password. */
function registerPasswordRoutes(app: Api, { db, config }: RouteDeps): void {
  const limits = createPasswordLimits();
  const Token = Type.String({ minLength: 1, maxLength: 200 });

  app.post(
    '/api/users/:id/password-reset',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Make a one-time password reset link for a user (valid 24 hours; replaces their unused links). ' +
          'Hand it over yourself: no mail is sent, and the link is shown only in this response.',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const link = await createPasswordReset(db, actorOf(request), request.params.id);
      // The configured address, when there is one: not whatever Host header the request carried.
      const origin = config.publicUrl ?? `${request.protocol}://${request.host}`;
      const url = `${origin}/reset-password?token=${encodeURIComponent(link.token)}`;
      return reply.code(201).send({ url, expiresAt: link.expiresAt });
    },
  );
  app.get(
    '/api/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who a reset link is for (400 naming token when it is used, replaced or expired)',
        security: [],
        querystring: Type.Object({ token: Token }, Strict),
      },
    },
    async (request) => inspectPasswordReset(db, limits, { token: request.query.token, address: request.ip }),
  );
  app.post(
    '/api/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Set a new password with a reset link (once); every session of the user ends, so log in again',
        security: [],
        body: Type.Object({ token: Token, password: Password }, Strict),
      },
    },
    async (request) =>
      completePasswordReset(db, limits, { ...request.body, address: request.ip, requestId: request.id }),
  );
  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Change your own password (the current one is required); your other sessions end, this one stays',
        body: Type.Object({ currentPassword: Password, newPassword: Password }, Strict),
      },
    },
    async (request) =>
      changeOwnPassword(db, limits, actorOf(request), {
        ...request.body,
        keepSessionToken: request.sessionCsrfToken ? request.cookies[SESSION_COOKIE] : undefined,
      }),
  );
}
