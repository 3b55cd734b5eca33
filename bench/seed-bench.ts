import type { DatabaseKind } from '../src/db/index';
import { createTestDatabase } from '../src/testing/db';
import { seedWorkspace } from '../src/demo/index';

export interface SeedThroughput {
  customers: number;
  /** Rows loaded, all tables. */
  rows: number;
  /** Generating, bulk-loading and analysing them (workspace and users excluded). */
  ms: number;
  rowsPerSecond: number;
}

/**
 * Seeds `customers` customers into a fresh, migrated test database of the given kind and
 * measures the load. For the benchmark suite; the server kind needs TEST_DATABASE_URL.
 */
export async function benchSeedThroughput(kind: DatabaseKind, customers: number): Promise<SeedThroughput> {
  const database = await createTestDatabase(kind);
  try {
    const result = await seedWorkspace(database, {
      size: { customers },
      seed: 1,
      endDate: new Date('2026-01-01T00:00:00Z'),
    });
    const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
    return { customers, rows, ms: result.loadMs, rowsPerSecond: Math.round(rows / (result.loadMs / 1000)) };
  } finally {
    await database.close();
  }
}
