import { Type } from 'typebox';
import { listAudit } from './audit';
import { createApiToken, listApiTokens, logout, revokeApiToken } from './auth';
import { AppError } from './errors';
import { actorOf, type Api, IdParams, type RouteDeps, secureCookies } from './http';
import { getJob, listJobs } from './jobs';
import { createLoginLimits, login } from './login';
import {
  changeOwnPassword,
  completePasswordReset,
  createPasswordLimits,
  createPasswordReset,
  inspectPasswordReset,
} from './password-reset';
import type { Principal } from './permissions';
import { createRole, listRoles, updateRole, updateRoleGrants } from './roles';
import { createTeam, listTeams, renameTeam } from './teams';
import { createUser, getUser, listUsers, updateUser } from './users';
import {
  ApiToken,
  ApiTokenCreate,
  AuditHistory,
  AuditPage,
  AuditParams,
  AuditQuery,
  GrantsUpdate,
  Job,
  JobsQuery,
  LoginInput,
  NewApiToken,
  PasswordChange,
  PasswordChanged,
  PasswordReset,
  PasswordResetInput,
  ResetLink,
  ResetLinkInfo,
  ResetTokenQuery,
  Role,
  RoleCreate,
  RoleUpdate,
  Session,
  Team,
  TeamInput,
  User,
  UserCreate,
  UserUpdate,
  Workspace,
} from './schema';
import { Items, NoContent } from './schema-parts';
import { getWorkspace } from './workspaces';

export const SESSION_COOKIE = 'rapport_session';
const ErrorRef = Type.Ref('Error');

/** Marks a browser that logged in before: its logins are not slowed by others' failed attempts. */
export const DEVICE_COOKIE = 'rapport_device';
const DEVICE_COOKIE_DAYS = 365;

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
        body: LoginInput,
        response: { 200: Session, 401: ErrorRef, 429: ErrorRef },
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
        response: { 200: Session },
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
    { schema: { tags: ['auth'], summary: 'End the session', security: [], response: { 204: NoContent } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/', secure: secureCookies(request, config) });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/workspace',
    { schema: { tags: ['admin'], summary: 'The caller’s workspace', response: { 200: Workspace } } },
    async (request) => getWorkspace(db, actorOf(request).workspaceId),
  );

  app.get(
    '/api/users',
    { schema: { tags: ['admin'], summary: 'The users of the workspace', response: { 200: Items(User) } } },
    async (request) => ({ items: await listUsers(db, actorOf(request)) }),
  );
  app.get(
    '/api/users/:id',
    { schema: { tags: ['admin'], summary: 'A user', params: IdParams, response: { 200: User } } },
    async (request) => getUser(db, actorOf(request), request.params.id),
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a user with a role (and a password to log in with; none: an API token only)',
        body: UserCreate,
        response: { 201: User },
      },
    },
    async (request, reply) => reply.code(201).send(await createUser(db, actorOf(request), request.body)),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a user’s name, role, team or department, or deactivate them (active: false)',
        params: IdParams,
        body: UserUpdate,
        response: { 200: User },
      },
    },
    async (request) => updateUser(db, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/teams',
    { schema: { tags: ['admin'], summary: 'The teams of the workspace', response: { 200: Items(Team) } } },
    async (request) => ({ items: await listTeams(db, actorOf(request)) }),
  );
  app.post(
    '/api/teams',
    {
      schema: {
        tags: ['admin'],
        summary: 'Add a team (409 when another team has the name)',
        body: TeamInput,
        response: { 201: Team },
      },
    },
    async (request, reply) => reply.code(201).send(await createTeam(db, actorOf(request), request.body)),
  );
  app.patch(
    '/api/teams/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Rename a team (409 when another team has the name)',
        params: IdParams,
        body: TeamInput,
        response: { 200: Team },
      },
    },
    async (request) => renameTeam(db, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/roles',
    {
      schema: {
        tags: ['admin'],
        summary: 'The roles of the workspace with their grants, built-in ones first',
        response: { 200: Items(Role) },
      },
    },
    async (request) => ({ items: await listRoles(db, actorOf(request)) }),
  );
  app.post(
    '/api/roles',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a custom role with its grants',
        body: RoleCreate,
        response: { 201: Role },
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
        body: RoleUpdate,
        response: { 200: Role },
      },
    },
    async (request) => updateRole(db, actorOf(request), request.params.id, request.body),
  );
  app.put(
    '/api/roles/:id/grants',
    {
      schema: {
        tags: ['admin'],
        summary: 'Replace the grants of a custom role; its users have the new grants at once',
        params: IdParams,
        body: GrantsUpdate,
        response: { 200: Role },
      },
    },
    async (request) => updateRoleGrants(db, actorOf(request), request.params.id, request.body.grants),
  );

  app.get(
    '/api/tokens',
    {
      schema: {
        tags: ['admin'],
        summary: 'API tokens, newest first (yours only, unless you may read every token)',
        response: { 200: Items(ApiToken) },
      },
    },
    async (request) => ({ items: await listApiTokens(db, actorOf(request)) }),
  );
  app.post(
    '/api/tokens',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create an API token; the token is shown only in this response',
        body: ApiTokenCreate,
        response: { 201: NewApiToken },
      },
    },
    async (request, reply) => {
      const { token, info } = await createApiToken(db, actorOf(request), request.body);
      return reply.code(201).send({ token, ...info });
    },
  );
  app.delete(
    '/api/tokens/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API token; it stops working at once',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await revokeApiToken(db, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['admin'],
        summary: 'The workspace audit log, newest first',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await listAudit(db, actorOf(request), { ...q, limit: q.limit ?? 100 });
      return { items, nextBefore: items.length === (q.limit ?? 100) ? items.at(-1)?.id : undefined };
    },
  );
  app.get(
    '/api/audit/:objectType/:objectId',
    {
      schema: {
        tags: ['admin'],
        summary: 'The audit history of one record',
        params: AuditParams,
        response: { 200: AuditHistory },
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
        summary: 'The latest jobs of the workspace, newest first',
        querystring: JobsQuery,
        response: { 200: Items(Job) },
      },
    },
    async (request) => ({ items: await listJobs(db, actorOf(request), request.query.limit ?? 50) }),
  );
  app.get(
    '/api/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'A job’s state and progress',
        params: IdParams,
        response: { 200: Job },
      },
    },
    async (request) => getJob(db, actorOf(request), request.params.id),
  );
}

/** Reset links made by an admin (no mail is sent), their use, and changing one's own password. */
function registerPasswordRoutes(app: Api, { db, config }: RouteDeps): void {
  const limits = createPasswordLimits();

  app.post(
    '/api/users/:id/password-reset',
    {
      schema: {
        tags: ['admin'],
        summary:
          'Make a one-time password reset link for a user (valid 24 hours; replaces their unused links). ' +
          'Hand it over yourself: no mail is sent, and the link is shown only in this response.',
        params: IdParams,
        response: { 201: ResetLink },
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
        querystring: ResetTokenQuery,
        response: { 200: ResetLinkInfo },
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
        body: PasswordResetInput,
        response: { 200: PasswordReset },
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
        body: PasswordChange,
        response: { 200: PasswordChanged },
      },
    },
    async (request) =>
      changeOwnPassword(db, limits, actorOf(request), {
        ...request.body,
        keepSessionToken: request.sessionCsrfToken ? request.cookies[SESSION_COOKIE] : undefined,
      }),
  );
}
