import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../platform/index';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { withTenantRetrying } from './tenant';

describe('withTenantRetrying', () => {
  let database: TestDatabase;
  let ws: string;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    ws = (await createWorkspace(database.db, { slug: 'retry', name: 'Retry' })).id;
  });
  afterAll(() => database.close());

  let instances = 0;
  const failing = (code: string, times: number) => {
    let calls = 0;
    const instance = ++instances;
    const fn = async (trx: Parameters<Parameters<typeof withTenantRetrying>[2]>[0]) => {
      calls++;
      await sql`insert into teams (workspace_id, name) values (${ws}, ${`team ${instance}.${calls}`})`.execute(
        trx,
      );
      if (calls <= times) throw Object.assign(new Error('conflict'), { code });
      return calls;
    };
    return { fn, calls: () => calls };
  };
  const teams = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from teams where workspace_id = ${ws}`.execute(
        database.db,
      )
    ).rows[0]?.n;

  it('runs a transaction PostgreSQL failed to break a deadlock again, and keeps only the last run', async () => {
    const { fn, calls } = failing('40P01', 2);
    expect(await withTenantRetrying(database.db, ws, fn)).toBe(3);
    expect(calls()).toBe(3);
    expect(await teams()).toBe(1);
  });

  it('gives up after the attempts, and never retries other errors', async () => {
    const deadlocked = failing('40P01', 5);
    await expect(withTenantRetrying(database.db, ws, deadlocked.fn, 3)).rejects.toMatchObject({
      code: '40P01',
    });
    expect(deadlocked.calls()).toBe(3);
    const unique = failing('23505', 1);
    await expect(withTenantRetrying(database.db, ws, unique.fn)).rejects.toMatchObject({ code: '23505' });
    expect(unique.calls()).toBe(1);
    expect(await teams()).toBe(1);
  });
});
