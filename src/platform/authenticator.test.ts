import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import { createApiToken } from './auth';
import { Authenticator, AuthVersions } from './authenticator';
import { SYSTEM_PRINCIPAL } from './permissions';
import { createUser } from './users';
import { createWorkspace } from './workspaces';

describeEachDatabase('the authenticator’s cache of callers', (kind) => {
  let database: TestDatabase;
  let workspaceId: string;
  let token: string;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    workspaceId = (await createWorkspace(database.db, { slug: 'cache', name: 'Cache' })).id;
    const system = SYSTEM_PRINCIPAL(workspaceId);
    userId = (await createUser(database.db, system, { email: 'a@cache.example.com', role: 'sales' })).id;
    token = (await createApiToken(database.db, system, { name: 'a', userId })).token;
  });
  afterAll(() => database.close());

  const lastUsed = async () => {
    const { rows } = await sql<{ at: string | null }>`
      select last_used_at as at from api_tokens where user_id = ${userId}`.execute(database.db);
    return rows[0]?.at ?? null;
  };

  it('resolves a kept caller with one statement, and writes its last use only when flushed', async () => {
    const auth = new Authenticator(database.db, { usageFlushMs: 3_600_000 });
    try {
      expect((await auth.token(token))?.userId).toBe(userId);
      const sent = vi.spyOn(pg.Client.prototype, 'query');
      const again = await auth.token(token);
      const statements = sent.mock.calls.map((call) => String(call[0]));
      sent.mockRestore();
      expect(again?.roleName).toBe('sales');
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/^select workspace_id::text as ws, version from auth_versions/);
      expect(await lastUsed()).toBeNull();
      await auth.flush();
      expect(await lastUsed()).not.toBeNull();
    } finally {
      await auth.close();
    }
  });

  it('reads the versions once for all the requests waiting at that moment', async () => {
    const versions = new AuthVersions(database.db);
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    // The first asks alone (its query leaves at once); the nine that come while it runs share the next.
    const all = await Promise.all(Array.from({ length: 10 }, () => versions.current(workspaceId)));
    const queries = sent.mock.calls.length;
    sent.mockRestore();
    expect(new Set(all).size).toBe(1);
    expect(queries).toBe(2);
  });

  it('never answers with a version read before the question was asked', async () => {
    const versions = new AuthVersions(database.db);
    const before = await versions.current(workspaceId);
    const pending = versions.current(workspaceId);
    // Asked while the query above is (in effect) in flight: a change committed now must be seen.
    await sql`update users set name = 'Renamed' where id = ${userId}`.execute(database.db);
    const later = versions.current(workspaceId);
    await pending;
    expect(await later).not.toBe(before);
  });
});
