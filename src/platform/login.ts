import { sql } from 'kysely';
import type { Db } from '../db/index';
import { withSystem, withTenant } from '../db/index';
import { type ResolvedSession, resolveSession, SESSION_PREFIX } from './auth';
import { AppError } from './errors';
import { verifyPassword } from './passwords';
import { Backoff, RateLimiter } from './rate-limit';
import { composeCredential, randomSecret, sha256Hex } from './secrets';
import { platform } from './tables';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** A device or address last used this long ago is no longer known. */
const KNOWN_FOR_DAYS = 90;

/**
 * What slows down password guessing, in memory (per process):
 * - per account, an exponential backoff after 5 failures (1 s, 2 s, ... up to 15 minutes between
 *   tries), which the owner does not meet when logging in from a device or address they logged in
 *   from before: an attacker can slow the account's guessing, not lock the owner out;
 * - per workspace, at most `failuresPerWorkspace` failures a minute from unknown devices and
 *   addresses (a spray over many accounts), after which those wait for the minute to end;
 * - per client address, 30 attempts in 15 minutes (not counted for a known device);
 * - per known device, 10 failures in 15 minutes (a stolen device cookie still needs the password).
 */
export interface LoginLimits {
  perAccount: Backoff;
  perWorkspace: RateLimiter;
  perAddress: RateLimiter;
  perDevice: RateLimiter;
}

export function createLoginLimits(options: { failuresPerWorkspace?: number } = {}): LoginLimits {
  return {
    perAccount: new Backoff({ free: 5, baseMs: 1_000, maxMs: 15 * 60_000, forgetMs: 60 * 60_000 }),
    perWorkspace: new RateLimiter(options.failuresPerWorkspace ?? 30, 60_000),
    perAddress: new RateLimiter(30, 15 * 60_000),
    perDevice: new RateLimiter(10, 15 * 60_000),
  };
}

export interface LoginInput {
  workspace: string;
  email: string;
  password: string;
  /** The client's address as the server sees it (proxies believed only as configured). */
  address: string;
  /** The device cookie this browser got on an earlier successful login, if any. */
  device?: string;
}

export interface LoginResult extends ResolvedSession {
  sessionToken: string;
  /** The session's end (the cookie's expiry). */
  sessionExpiresAt: Date;
  /** The device cookie to (re)set: known from now on for this user. */
  device: string;
}

const badLogin = () => new AppError('unauthenticated', 'Wrong workspace, email or password');
const DEVICE = /^[A-Za-z0-9_-]{32,64}$/;

export async function login(db: Db, limits: LoginLimits, input: LoginInput): Promise<LoginResult> {
  const slug = input.workspace.toLowerCase();
  const email = input.email.trim().toLowerCase();
  const accountKey = `${slug}:${email}`;
  const device = input.device && DEVICE.test(input.device) ? input.device : undefined;
  const deviceHash = device ? sha256Hex(device) : undefined;
  const addressHash = sha256Hex(input.address);

  const found = await findAccount(db, slug, email, deviceHash, addressHash);
  const trust = found?.known_device ? 'device' : found?.known_address ? 'address' : 'unknown';
  const waits =
    trust === 'device'
      ? [limits.perDevice.retryAfter(deviceHash as string)]
      : [
          limits.perAddress.retryAfter(input.address),
          ...(trust === 'unknown'
            ? [limits.perAccount.retryAfter(accountKey), limits.perWorkspace.retryAfter(slug)]
            : []),
        ];
  const wait = Math.max(...waits);
  if (wait > 0) {
    throw new AppError('rate_limited', `Too many login attempts; try again in ${wait} s`, undefined, {
      retryAfter: wait,
    });
  }
  if (trust !== 'device') limits.perAddress.hit(input.address);

  const ok =
    found?.password_hash && found.active ? await verifyPassword(input.password, found.password_hash) : false;
  if (!found || !ok) {
    limits.perAccount.fail(accountKey);
    if (trust === 'device') limits.perDevice.hit(deviceHash as string);
    else limits.perWorkspace.hit(slug);
    throw badLogin();
  }
  limits.perAccount.reset(accountKey);

  const newDevice = device ?? randomSecret(32);
  const sessionToken = composeCredential(SESSION_PREFIX, found.workspace_id);
  const sessionExpiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await withTenant(db, found.workspace_id, async (trx) => {
    await platform(trx)
      .insertInto('sessions')
      .values({
        workspace_id: found.workspace_id,
        user_id: found.id,
        token_hash: sha256Hex(sessionToken),
        csrf_token: randomSecret(24),
        expires_at: sessionExpiresAt,
      })
      .execute();
    await sql`
      insert into known_logins (workspace_id, user_id, kind, key_hash)
      values (${found.workspace_id}, ${found.id}, 'device', ${sha256Hex(newDevice)}),
             (${found.workspace_id}, ${found.id}, 'address', ${addressHash})
      on conflict (workspace_id, user_id, kind, key_hash) do update set last_seen_at = now()`.execute(trx);
  });
  const session = await resolveSession(db, sessionToken);
  if (!session) throw badLogin();
  return { ...session, sessionToken, sessionExpiresAt, device: newDevice };
}

interface Account {
  workspace_id: string;
  id: string;
  password_hash: string | null;
  active: boolean;
  known_device: boolean;
  known_address: boolean;
}

/** The account and whether this device and this address are known for it: one statement. */
async function findAccount(
  db: Db,
  slug: string,
  email: string,
  deviceHash: string | undefined,
  addressHash: string,
): Promise<Account | undefined> {
  const known = (kind: string, hash: string | undefined) => sql<boolean>`exists (
    select 1 from known_logins k
    where k.workspace_id = u.workspace_id and k.user_id = u.id and k.kind = ${kind}
      and k.key_hash = ${hash ?? ''} and k.last_seen_at > now() - make_interval(days => ${KNOWN_FOR_DAYS}))`;
  const { rows } = await withSystem(db, (trx) =>
    sql<Account>`
      select u.workspace_id, u.id, u.password_hash, u.active,
        ${known('device', deviceHash)} as known_device, ${known('address', addressHash)} as known_address
      from users u join workspaces w on w.id = u.workspace_id
      where w.slug = ${slug} and u.email = ${email}`.execute(trx),
  );
  return rows[0];
}
