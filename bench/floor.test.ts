import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../src/db/index';
import type { Tx } from '../src/db/index';
import { createTestDatabase, describeEachDatabase } from '../src/testing/db';
import {
  benchInsertFloor,
  importChunk,
  ingestChunk,
  newWorkspace,
  rolledBack,
  seedKnownPeople,
} from './floor';

const TABLES = ['people', 'identities', 'lifecycle_changes', 'interactions', 'audit_log'] as const;

async function countRows(
  db: Database['db'] | Tx,
  workspaceId?: string,
): Promise<Record<(typeof TABLES)[number], number>> {
  const counts = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table)}
      where ${workspaceId === undefined ? sql`true` : sql`workspace_id = ${workspaceId}`}`.execute(db);
    counts[table] = rows[0]?.n ?? 0;
  }
  return counts;
}

describeEachDatabase('database floor', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('writes the rows of an import line and of an ingested item, as the real paths do', async () => {
    await rolledBack(database, async (trx) => {
      const known = await newWorkspace(trx);
      await seedKnownPeople(trx, known);
      const before = await countRows(trx, known);
      await ingestChunk(trx, known, 0, 99);
      const after = await countRows(trx, known);
      // 1 in 5 items brings a new person; every item finds or makes its person.
      expect(after.people - before.people).toBe(20);
      expect(after.identities - before.identities).toBe(20);
      expect(after.lifecycle_changes - before.lifecycle_changes).toBe(20);
      expect(after.interactions).toBe(100);
      expect(after.audit_log - before.audit_log).toBe(120);
      const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from interactions where workspace_id = ${known} and person_id is null`.execute(
        trx,
      );
      expect(rows[0]?.n).toBe(0);
      const ws = await newWorkspace(trx);
      await importChunk(trx, ws, 0, 99);
      expect(await countRows(trx, ws)).toEqual({
        people: 100,
        identities: 300,
        lifecycle_changes: 100,
        interactions: 0,
        audit_log: 100,
      });
    });
  });

  it('measures both paths and leaves nothing behind', async () => {
    const before = await countRows(database.db);
    const figures = await benchInsertFloor(database, {
      connections: kind === 'pglite' ? 1 : 2,
      lines: 300,
      items: 300,
    });
    expect(figures.map((f) => f.unit)).toEqual(['lines/s', 'items/s']);
    for (const f of figures) expect(f.value).toBeGreaterThan(0);
    expect(await countRows(database.db)).toEqual(before);
  }, 120_000);
});
