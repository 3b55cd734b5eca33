/**
 * Passwords without e-mail: an admin makes a one-time reset link for a user and hands it over;
 * the user opens it and sets a new password. A signed-in user changes their own password with the
 * current one. Either way the user's other sessions end.
 */
import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withTenant } from '../db/index';
import { recordAudit } from './audit';
import { AppError, invalid, notFound } from './errors';
import { checkPassword, hashPassword, verifyPassword } from './passwords';
import { authorize, type Principal } from './permissions';
import { RateLimiter } from './rate-limit';
import { composeCredential, parseCredential, sha256Hex } from './secrets';
import { platform } from './tables';

export const RESET_PREFIX = 'rpr';
export const RESET_TTL_MS = 24 * 60 * 60 * 1000;

export interface PasswordLimits {
  /** Reset-link attempts (look-ups and uses) per client address. */
  perAddress: RateLimiter;
  /** Wrong current passwords per user when changing one's own password. */
  perAccount: RateLimiter;
}

/** As login: 30 reset-link attempts per address and 5 wrong current passwords per user in 15 minutes. */
export function createPasswordLimits(): PasswordLimits {
  return { perAddress: new RateLimiter(30, 15 * 60_000), perAccount: new RateLimiter(5, 15 * 60_000) };
}

function checkLimit(limiter: RateLimiter, key: string, what: string): void {
  const wait = limiter.retryAfter(key);
  if (wait > 0) {
    throw new AppError('rate_limited', `Too many ${what}; try again in ${wait} s`, undefined, {
      retryAfter: wait,
    });
  }
}

export interface PasswordResetLink {
  /** The secret of the link (`rpr_…`); only its hash is stored, so it is shown once. */
  token: string;
  expiresAt: string;
  userId: string;
}

/**
 * Makes a one-time reset link for a user of the caller's workspace (users: update), valid 24 hours.
 * A new link replaces the user's unused ones. Audited without the token.
 */
export async function createPasswordReset(
  db: Db,
  actor: Principal,
  userId: string,
): Promise<PasswordResetLink> {
  authorize(actor, 'users', 'update');
  const token = composeCredential(RESET_PREFIX, actor.workspaceId);
  const expiresAt = new Date(Date.now() + RESET_TTL_MS);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const user = await platform(trx)
      .selectFrom('users')
      .select(['id', 'active'])
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', userId)
      .executeTakeFirstOrThrow(() => notFound('User'));
    if (!user.active) throw invalid('id', 'the user is deactivated; reactivate them first');
    await platform(trx)
      .deleteFrom('password_resets')
      .where('workspace_id', '=', actor.workspaceId)
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
    const row = await platform(trx)
      .insertInto('password_resets')
      .values({
        workspace_id: actor.workspaceId,
        user_id: userId,
        token_hash: sha256Hex(token),
        created_by: actor.via === 'system' ? null : actor.userId,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'password_resets',
      objectId: row.id,
      after: { user_id: userId, expires_at: expiresAt },
    });
    return { token, expiresAt: expiresAt.toISOString(), userId };
  });
}

const badLink = () =>
  invalid('token', 'This reset link is not valid: it may have been used, replaced or have expired');

/** The unused, unexpired reset of a token with its user, inside the token's workspace. */
async function findReset(trx: Tx, workspaceId: string, token: string) {
  const row = await platform(trx)
    .selectFrom('password_resets')
    .innerJoin('users', (j) =>
      j
        .onRef('users.workspace_id', '=', 'password_resets.workspace_id')
        .onRef('users.id', '=', 'password_resets.user_id'),
    )
    .select([
      'password_resets.id',
      'password_resets.user_id',
      'password_resets.expires_at',
      'users.email',
      'users.name',
      'users.active',
    ])
    .where('password_resets.workspace_id', '=', workspaceId)
    .where('password_resets.token_hash', '=', sha256Hex(token))
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', new Date())
    .executeTakeFirst();
  return row?.active ? row : undefined;
}

export interface ResetLinkInfo {
  email: string;
  name: string;
  workspace: string;
  expiresAt: string;
}

/** Who a reset link is for (so the page can say so), or a 400 naming `token`. Rate-limited per address. */
export async function inspectPasswordReset(
  db: Db,
  limits: PasswordLimits,
  input: { token: string; address: string },
): Promise<ResetLinkInfo> {
  checkLimit(limits.perAddress, input.address, 'reset link attempts');
  limits.perAddress.hit(input.address);
  const parsed = parseCredential(RESET_PREFIX, input.token);
  if (!parsed) throw badLink();
  const found = await withTenant(db, parsed.workspaceId, async (trx) => {
    const reset = await findReset(trx, parsed.workspaceId, input.token);
    if (!reset) return undefined;
    const ws = await platform(trx)
      .selectFrom('workspaces')
      .select('slug')
      .where('id', '=', parsed.workspaceId)
      .executeTakeFirstOrThrow();
    return {
      email: reset.email,
      name: reset.name,
      workspace: ws.slug,
      expiresAt: new Date(reset.expires_at).toISOString(),
    };
  });
  if (!found) throw badLink();
  return found;
}

/**
 * Sets a new password with a reset link (once): the link is spent, the user's other unused links
 * are dropped and every session of the user ends. Audited as the user's own change.
 */
export async function completePasswordReset(
  db: Db,
  limits: PasswordLimits,
  input: { token: string; password: string; address: string; requestId?: string },
): Promise<{ email: string; workspace: string }> {
  checkLimit(limits.perAddress, input.address, 'reset link attempts');
  limits.perAddress.hit(input.address);
  const parsed = parseCredential(RESET_PREFIX, input.token);
  if (!parsed) throw badLink();
  checkPassword(input.password);
  // A link that is no good costs no password hash.
  const valid = await withTenant(db, parsed.workspaceId, (trx) =>
    findReset(trx, parsed.workspaceId, input.token),
  );
  if (!valid) throw badLink();
  const passwordHash = await hashPassword(input.password);
  const done = await withTenant(db, parsed.workspaceId, async (trx) => {
    const reset = await findReset(trx, parsed.workspaceId, input.token);
    if (!reset) return undefined;
    // Spend the link first: of two uses racing, only the one whose update finds it unused goes on.
    const spent = await platform(trx)
      .updateTable('password_resets')
      .set({ used_at: sql<Date>`now()` })
      .where('workspace_id', '=', parsed.workspaceId)
      .where('id', '=', reset.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return undefined;
    const ended = await setPassword(trx, parsed.workspaceId, reset.user_id, passwordHash);
    await platform(trx)
      .deleteFrom('password_resets')
      .where('workspace_id', '=', parsed.workspaceId)
      .where('user_id', '=', reset.user_id)
      .where('used_at', 'is', null)
      .execute();
    await recordAudit(trx, userActor(parsed.workspaceId, reset.user_id, input.requestId), {
      action: 'update',
      objectType: 'users',
      objectId: reset.user_id,
      before: { password: 'old' },
      after: { password: 'set by reset link', sessions_ended: ended },
    });
    const ws = await platform(trx)
      .selectFrom('workspaces')
      .select('slug')
      .where('id', '=', parsed.workspaceId)
      .executeTakeFirstOrThrow();
    return { email: reset.email, workspace: ws.slug };
  });
  if (!done) throw badLink();
  return done;
}

/**
 * Changes the caller's own password: the current one is checked (5 wrong tries per 15 minutes),
 * the new one must follow the password rules and differ. Every other session of the user ends;
 * `keepSessionToken` (the caller's own session) stays.
 */
export async function changeOwnPassword(
  db: Db,
  limits: PasswordLimits,
  actor: Principal,
  input: { currentPassword: string; newPassword: string; keepSessionToken?: string },
): Promise<{ sessionsEnded: number }> {
  if (actor.via === 'system') throw new AppError('forbidden', 'Only a user has a password to change');
  const key = `${actor.workspaceId}:${actor.userId}`;
  checkLimit(limits.perAccount, key, 'wrong passwords');
  checkPassword(input.newPassword, 'newPassword');
  if (input.newPassword === input.currentPassword)
    throw invalid('newPassword', 'the new password must differ from the current one');
  const stored = await withTenant(db, actor.workspaceId, (trx) =>
    platform(trx)
      .selectFrom('users')
      .select('password_hash')
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', actor.userId)
      .executeTakeFirstOrThrow(() => notFound('User')),
  );
  const ok = stored.password_hash ? await verifyPassword(input.currentPassword, stored.password_hash) : false;
  if (!ok) {
    limits.perAccount.hit(key);
    throw invalid('currentPassword', 'the current password is wrong');
  }
  limits.perAccount.reset(key);
  const passwordHash = await hashPassword(input.newPassword);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ended = await setPassword(
      trx,
      actor.workspaceId,
      actor.userId,
      passwordHash,
      input.keepSessionToken,
    );
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'users',
      objectId: actor.userId,
      before: { password: 'old' },
      after: { password: 'changed by the user', sessions_ended: ended },
    });
    return { sessionsEnded: ended };
  });
}

/** Stores the new hash and ends the user's sessions (but the one kept); returns how many ended. */
async function setPassword(
  trx: Tx,
  workspaceId: string,
  userId: string,
  passwordHash: string,
  keepSessionToken?: string,
): Promise<number> {
  await platform(trx)
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: new Date() })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', userId)
    .execute();
  let q = platform(trx)
    .deleteFrom('sessions')
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId);
  if (keepSessionToken) q = q.where('token_hash', '!=', sha256Hex(keepSessionToken));
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The user acting on their own account, for the audit log (no grants: nothing else is authorised with it). */
function userActor(workspaceId: string, userId: string, requestId?: string): Principal {
  return { workspaceId, userId, teamId: null, roleName: '', grants: {}, via: 'session', requestId };
}
