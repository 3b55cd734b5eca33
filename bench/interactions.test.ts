import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../src/testing/db';
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
});
