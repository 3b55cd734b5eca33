import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorkspace } from '../platform/index';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { maintainTables, startEmbeddedMaintenance } from './maintenance';

/** The embedded database has no autovacuum; maintainTables does its work. */
describe('maintainTables on the embedded database', () => {
  let database: TestDatabase;
  let ws: string;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    ws = (await createWorkspace(database.db, { slug: 'upkeep', name: 'Upkeep' })).id;
    await maintainTables(database.db);
  });
  afterAll(() => database.close());

  const estimatedPeople = async () =>
    (
      await sql<{ n: number }>`select reltuples::int as n from pg_class where relname = 'people'`.execute(
        database.db,
      )
    ).rows[0]?.n;
  const plannedPeople = async () => {
    const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`
      explain (format json) select * from people where workspace_id = ${ws}`.execute(database.db);
    return rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'];
  };

  it('analyses a table loaded since its last analysis, so plans count its rows', async () => {
    await sql`insert into people (workspace_id, display_name)
      select ${ws}::uuid, 'Person ' || g from generate_series(1, 5000) g`.execute(database.db);
    const done = await maintainTables(database.db);
    expect(done.analyzed).toContain('people');
    expect(await estimatedPeople()).toBe(5000);
    expect(await plannedPeople()).toBeGreaterThan(4000);
    expect((await maintainTables(database.db)).analyzed).not.toContain('people');
  });

  it('vacuums a table whose rows were mostly deleted', async () => {
    await sql`delete from people where workspace_id = ${ws} and display_name <> 'Person 1'`.execute(
      database.db,
    );
    const done = await maintainTables(database.db);
    expect(done.vacuumed).toContain('people');
    const { rows } = await sql<{ dead: number }>`
      select n_dead_tup::int as dead from pg_stat_user_tables where relname = 'people'`.execute(database.db);
    expect(rows[0]?.dead).toBe(0);
    expect(await estimatedPeople()).toBe(1);
  });

  it('checks again a minute after the last check, in the background, until stopped', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const upkeep = startEmbeddedMaintenance(database);
      await sql`insert into people (workspace_id, display_name)
        select ${ws}::uuid, 'Later ' || g from generate_series(1, 3000) g`.execute(database.db);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(await estimatedPeople()).toBe(1);
      await vi.advanceTimersByTimeAsync(1_000);
      await upkeep.stop();
      expect(await estimatedPeople()).toBe(3001);
    } finally {
      vi.useRealTimers();
    }
  });
});
