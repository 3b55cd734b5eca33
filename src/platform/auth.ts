import { sql } from 'kysely';
import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { recordAudit } from './audit';
import { AppError, invalid, notFound } from './errors';
import {
  type Action,
  authorize,
  type Grants,
  isAllowed,
  type Level,
  type ObjectType,
  type Principal,
} from './permissions';
import { composeCredential, parseCredential, sha256Hex } from './secrets';
import { platform } from './tables';
import type { User } from './users';
import type { Workspace } from './workspaces';

export const SESSION_PREFIX = 'rps';
export const TOKEN_PREFIX = 'rpt';

export interface ResolvedSession {
  principal: Principal;
  csrfToken: string;
  user: User;
  workspace: Workspace;
  /** When the session ends (ms since the epoch). */
  expiresAt: number;
}

/** A caller found by a credential, with what the cache needs to tell when to look again. */
export interface ResolvedToken {
  principal: Principal;
  tokenId: string;
}

/**
 * The caller behind a session cookie: one statement in one tenant transaction (session, user, role,
 * grants and workspace). Undefined for an unknown, ended or expired session or a deactivated user.
 */
export async function resolveSession(db: Db, sessionToken: string): Promise<ResolvedSession | undefined> {
  const parsed = parseCredential(SESSION_PREFIX, sessionToken);
  if (!parsed) return undefined;
  const ws = parsed.workspaceId;
  const row = await withTenant(db, ws, async (trx) => {
    const { rows } = await sql<
      PrincipalRow & {
        csrf_token: string;
        expires_at: Date | string;
        slug: string;
        workspace_name: string;
        default_region: string;
      }
    >`
      select s.csrf_token, s.expires_at, w.slug, w.name as workspace_name, w.default_region, ${PRINCIPAL_COLUMNS}
      from sessions s
      join users u on u.workspace_id = s.workspace_id and u.id = s.user_id
      join roles r on r.workspace_id = u.workspace_id and r.id = u.role_id
      join workspaces w on w.id = s.workspace_id
      where s.workspace_id = ${ws} and s.token_hash = ${sha256Hex(sessionToken)}
        and s.expires_at > now() and u.active`.execute(trx);
    return rows[0];
  });
  if (!row) return undefined;
  const { principal, user } = toPrincipal(ws, row, 'session');
  return {
    principal,
    user,
    csrfToken: row.csrf_token,
    workspace: { id: ws, slug: row.slug, name: row.workspace_name, defaultRegion: row.default_region },
    expiresAt: new Date(row.expires_at).getTime(),
  };
}

export async function logout(db: Db, sessionToken: string): Promise<void> {
  const parsed = parseCredential(SESSION_PREFIX, sessionToken);
  if (!parsed) return;
  await withTenant(db, parsed.workspaceId, (trx) =>
    platform(trx)
      .deleteFrom('sessions')
      .where('workspace_id', '=', parsed.workspaceId)
      .where('token_hash', '=', sha256Hex(sessionToken))
      .execute(),
  );
}

export async function resolveApiToken(db: Db, token: string): Promise<Principal | undefined> {
  return (await findApiToken(db, token))?.principal;
}

/**
 * The caller behind an API token: one statement in one tenant transaction (token, user, role and
 * grants). Undefined for an unknown or revoked token or a deactivated user. Writes nothing: the
 * token's last use is recorded by the caller (see `Authenticator`), off the request's path.
 */
export async function findApiToken(db: Db, token: string): Promise<ResolvedToken | undefined> {
  const parsed = parseCredential(TOKEN_PREFIX, token);
  if (!parsed) return undefined;
  const ws = parsed.workspaceId;
  const row = await withTenant(db, ws, async (trx) => {
    const { rows } = await sql<PrincipalRow & { token_id: string }>`
      select t.id as token_id, ${PRINCIPAL_COLUMNS}
      from api_tokens t
      join users u on u.workspace_id = t.workspace_id and u.id = t.user_id
      join roles r on r.workspace_id = u.workspace_id and r.id = u.role_id
      where t.workspace_id = ${ws} and t.token_hash = ${sha256Hex(token)}
        and t.revoked_at is null and u.active`.execute(trx);
    return rows[0];
  });
  return row && { principal: toPrincipal(ws, row, 'token').principal, tokenId: row.token_id };
}

interface PrincipalRow {
  user_id: string;
  email: string;
  user_name: string;
  team_id: string | null;
  department: string | null;
  active: boolean;
  role: string;
  /** [object type, action, level] triples. */
  grants: [string, string, string][];
}

/** The user, role name and grants of a credential's row (`u` users, `r` roles). */
const PRINCIPAL_COLUMNS = sql`u.id as user_id, u.email, u.name as user_name, u.team_id, u.department, u.active,
  r.name as role,
  (select coalesce(json_agg(json_build_array(g.object_type, g.action, g.level)), '[]'::json)
     from role_grants g where g.workspace_id = u.workspace_id and g.role_id = u.role_id) as grants`;

function toPrincipal(workspaceId: string, row: PrincipalRow, via: Principal['via']) {
  const grants: Grants = {};
  for (const [objectType, action, level] of row.grants) {
    const type = objectType as ObjectType;
    grants[type] = { ...grants[type], [action as Action]: level as Level };
  }
  const principal: Principal = {
    workspaceId,
    userId: row.user_id,
    teamId: row.team_id,
    roleName: row.role,
    grants,
    via,
  };
  const user: User = {
    id: row.user_id,
    email: row.email,
    name: row.user_name,
    role: row.role,
    teamId: row.team_id,
    department: row.department as User['department'],
    active: row.active,
  };
  return { principal, user };
}

export interface ApiTokenInfo {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Returns the token string once; only its hash is stored. */
export async function createApiToken(
  db: Db,
  actor: Principal,
  input: { name: string; userId?: string },
): Promise<{ token: string; info: ApiTokenInfo }> {
  authorize(actor, 'api_tokens', 'create');
  const userId = input.userId ?? actor.userId;
  if (!isAllowed(actor, 'api_tokens', 'create', { ownerId: userId, ownerTeamId: null })) {
    throw new AppError('forbidden', 'Your role may only create tokens for yourself');
  }
  if (!input.name.trim()) throw invalid('name', 'name must not be empty');
  const token = composeCredential(TOKEN_PREFIX, actor.workspaceId);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const user = await platform(trx)
      .selectFrom('users')
      .select('id')
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw invalid('userId', 'no such user in this workspace');
    const row = await platform(trx)
      .insertInto('api_tokens')
      .values({
        workspace_id: actor.workspaceId,
        user_id: userId,
        name: input.name.trim(),
        token_hash: sha256Hex(token),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'api_tokens',
      objectId: row.id,
      after: { name: row.name, user_id: row.user_id },
    });
    return { token, info: toTokenInfo(row) };
  });
}

export async function listApiTokens(db: Db, actor: Principal): Promise<ApiTokenInfo[]> {
  authorize(actor, 'api_tokens', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    let q = platform(trx).selectFrom('api_tokens').selectAll().where('workspace_id', '=', actor.workspaceId);
    if (!isAllowed(actor, 'api_tokens', 'read', { ownerId: null, ownerTeamId: null }))
      q = q.where('user_id', '=', actor.userId);
    return (await q.orderBy('created_at', 'desc').execute()).map(toTokenInfo);
  });
}

export async function revokeApiToken(db: Db, actor: Principal, tokenId: string): Promise<void> {
  authorize(actor, 'api_tokens', 'delete');
  await withTenant(db, actor.workspaceId, async (trx) => {
    const row = await platform(trx)
      .selectFrom('api_tokens')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', tokenId)
      .executeTakeFirstOrThrow(() => notFound('API token'));
    authorize(actor, 'api_tokens', 'delete', { ownerId: row.user_id, ownerTeamId: null });
    if (row.revoked_at) return;
    await platform(trx)
      .updateTable('api_tokens')
      .set({ revoked_at: sql<Date>`now()` })
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', tokenId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'delete',
      objectType: 'api_tokens',
      objectId: tokenId,
      before: { name: row.name, user_id: row.user_id },
    });
  });
}

function toTokenInfo(row: {
  id: string;
  name: string;
  user_id: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiTokenInfo {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}
