import { sql } from 'kysely';
import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { findApiToken, type ResolvedSession, resolveSession, SESSION_PREFIX, TOKEN_PREFIX } from './auth';
import type { Principal } from './permissions';
import { parseCredential, sha256Hex } from './secrets';

export interface AuthenticatorOptions {
  /** Callers kept in memory (least recently used go first). Default 10,000. */
  maxCached?: number;
  /** How often the tokens' last-used times are written. Default 60 s. */
  usageFlushMs?: number;
}

type CacheEntry =
  | { kind: 'token'; version: number; principal: Principal; tokenId: string }
  | { kind: 'session'; version: number; session: ResolvedSession };

/**
 * Finds the caller of each request without a database transaction of its own.
 *
 * Callers resolved once are kept in memory, tagged with their workspace's auth version (migration
 * 0030: a stamp that every change to tokens, sessions, users, roles and grants moves, whichever
 * process makes it). Each request reads the current stamp before it is answered and uses the kept
 * caller only if the stamp is the same, so a revoked token, an ended session, a deactivated user or
 * a changed role takes effect on the very next request, on every server sharing the database.
 *
 * The stamps are read by one query for all the requests waiting at that moment (`AuthVersions`),
 * so under load a request costs a fraction of a round trip for its caller, where it cost a
 * transaction of six. API tokens' last use is written once a minute, not by the request.
 */
export class Authenticator {
  readonly #db: Db;
  readonly #versions: AuthVersions;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #maxCached: number;
  readonly #usage: TokenUsage;

  constructor(db: Db, options: AuthenticatorOptions = {}) {
    this.#db = db;
    this.#versions = new AuthVersions(db);
    this.#maxCached = options.maxCached ?? 10_000;
    this.#usage = new TokenUsage(db, options.usageFlushMs ?? 60_000);
  }

  /** The caller of an API token, or undefined when it is unknown or revoked or its user is deactivated. */
  async token(token: string): Promise<Principal | undefined> {
    const parsed = parseCredential(TOKEN_PREFIX, token);
    if (!parsed) return undefined;
    const key = sha256Hex(token);
    const version = await this.#versions.current(parsed.workspaceId);
    let entry = this.#fresh(key, version);
    if (entry?.kind !== 'token') {
      const found = await findApiToken(this.#db, token);
      if (!found) return this.#forget(key);
      entry = { kind: 'token', version, ...found };
      this.#remember(key, entry);
    }
    this.#usage.record(entry.principal.workspaceId, entry.tokenId);
    return entry.principal;
  }

  /** The session of a cookie, or undefined when it is unknown, ended or expired or its user is deactivated. */
  async session(cookie: string): Promise<ResolvedSession | undefined> {
    const parsed = parseCredential(SESSION_PREFIX, cookie);
    if (!parsed) return undefined;
    const key = sha256Hex(cookie);
    const version = await this.#versions.current(parsed.workspaceId);
    const entry = this.#fresh(key, version);
    if (entry?.kind === 'session' && entry.session.expiresAt > Date.now()) return entry.session;
    const session = await resolveSession(this.#db, cookie);
    if (!session) return this.#forget(key);
    this.#remember(key, { kind: 'session', version, session });
    return session;
  }

  /** Writes the last-used times recorded so far. */
  flush(): Promise<void> {
    return this.#usage.flush();
  }

  /** Stops the timer and writes what is left; call before closing the database. */
  async close(): Promise<void> {
    await this.#usage.close();
    this.#cache.clear();
  }

  #fresh(key: string, version: number): CacheEntry | undefined {
    const entry = this.#cache.get(key);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.#cache.delete(key);
      return undefined;
    }
    return entry;
  }

  #remember(key: string, entry: CacheEntry): void {
    this.#cache.delete(key);
    this.#cache.set(key, entry);
    if (this.#cache.size > this.#maxCached) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
  }

  #forget(key: string): undefined {
    this.#cache.delete(key);
    return undefined;
  }
}

interface Waiter {
  resolve(version: number): void;
  reject(error: unknown): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Reads workspaces' auth versions, one query at a time for everyone waiting. A request that asks
 * while a query is running waits for the next one, which starts after it asked: the version it gets
 * is never older than its own arrival, so every change committed before the request came is seen.
 */
export class AuthVersions {
  readonly #db: Db;
  #waiting = new Map<string, Waiter[]>();
  #running = false;

  constructor(db: Db) {
    this.#db = db;
  }

  /** The workspace's current auth version (0 when nothing was ever changed). */
  current(workspaceId: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const waiters = this.#waiting.get(workspaceId);
      if (waiters) waiters.push({ resolve, reject });
      else this.#waiting.set(workspaceId, [{ resolve, reject }]);
      if (!this.#running) void this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#waiting.size > 0) {
        const batch = this.#waiting;
        this.#waiting = new Map();
        try {
          const versions = await readAuthVersions(this.#db, [...batch.keys()]);
          for (const [ws, waiters] of batch) for (const w of waiters) w.resolve(versions.get(ws) ?? 0);
        } catch (error) {
          for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}

/**
 * One statement, outside any transaction, for several workspaces. The ids (always UUIDs: they come
 * out of parsed credentials) are written into the text, so it goes by the simple protocol: one
 * message, which on the embedded database is one call instead of four.
 */
async function readAuthVersions(db: Db, workspaceIds: string[]): Promise<Map<string, number>> {
  const ids = workspaceIds.filter((id) => UUID.test(id));
  const versions = new Map<string, number>();
  if (ids.length === 0) return versions;
  const { rows } = await sql<{ ws: string; version: number }>`${sql.raw(
    `select workspace_id::text as ws, version from auth_versions where workspace_id in ('${ids.join("','")}')`,
  )}`.execute(db);
  for (const row of rows) versions.set(row.ws, Number(row.version));
  return versions;
}

/** API tokens' last use, kept in memory and written to the database once every `flushMs`. */
class TokenUsage {
  readonly #db: Db;
  #used = new Map<string, Map<string, Date>>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  constructor(db: Db, flushMs: number) {
    this.#db = db;
    this.#timer = setInterval(
      () =>
        void this.flush().catch((err: Error) =>
          process.emitWarning(`API tokens' last use not written: ${err.message}`),
        ),
      flushMs,
    );
    this.#timer.unref();
  }

  record(workspaceId: string, tokenId: string): void {
    let tokens = this.#used.get(workspaceId);
    if (!tokens) {
      tokens = new Map();
      this.#used.set(workspaceId, tokens);
    }
    tokens.set(tokenId, new Date());
  }

  flush(): Promise<void> {
    const used = this.#used;
    this.#used = new Map();
    this.#flushing = this.#flushing.catch(() => undefined).then(() => writeTokenUsage(this.#db, used));
    return this.#flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}

async function writeTokenUsage(db: Db, used: Map<string, Map<string, Date>>): Promise<void> {
  for (const [workspaceId, tokens] of used) {
    const ids = [...tokens.keys()];
    const at = ids.map((id) => (tokens.get(id) as Date).toISOString());
    await withTenant(db, workspaceId, (trx) =>
      sql`
        update api_tokens t set last_used_at = u.at
        from unnest(${ids}::uuid[], ${at}::timestamptz[]) as u(id, at)
        where t.workspace_id = ${workspaceId} and t.id = u.id
          and (t.last_used_at is null or t.last_used_at < u.at)`.execute(trx),
    );
  }
}
