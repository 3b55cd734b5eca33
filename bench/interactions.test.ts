import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../src/testing/db';
import { seedWorkspace } from '../src/demo/index';
import { benchIngest } from './interactions';

describe('benchIngest', () => {
  // Shape only, on a tiny run: rates are machine-dependent and not asserted.
  it('posts batches over HTTP and counts what was created, people included', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const r = await benchIngest({
        kind: 'pglite',
        database,
        batches: 2,
        batchSize: 200,
        knownPeople: 300,
        concurrency: 2,
      });
      expect(r).toMatchObject({ kind: 'pglite', via: 'http', items: 400, created: 400 });
      expect(r.peopleCreated).toBeGreaterThan(0);
      expect(r.peopleCreated).toBeLessThan(400);
      expect(r.itemsPerSecond).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 180_000);

  it('ingests into an existing workspace, resolving against its own people', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const seeded = await seedWorkspace(database, { size: { customers: 200 }, workspaceSlug: 'kept' });
      const before = seeded.counts.people;
      const r = await benchIngest({
        kind: 'pglite',
        database,
        batches: 2,
        batchSize: 200,
        knownPeople: 150,
        concurrency: 2,
        workspaceId: seeded.workspaceId,
      });
      expect(r).toMatchObject({ items: 400, created: 400 });
      // About 80% come from the workspace's own people (no new person), the rest are new.
      expect(r.peopleCreated).toBeGreaterThan(20);
      expect(r.peopleCreated).toBeLessThan(200);
      expect(before).toBe(200);
    } finally {
      await database.close();
    }
  }, 300_000);
});
