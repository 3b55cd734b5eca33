import fs from 'node:fs';
import { describe } from 'vitest';
import { type Database, type DatabaseKind, openDatabase } from '../db/index';
import { migrate } from '../db/index';
import { createServerDatabase } from '../db/index';

/** Set by the test command when it has started a throwaway PostgreSQL server. */
const SERVER_URL = process.env.TEST_DATABASE_URL;

export const testDatabaseKinds: DatabaseKind[] = SERVER_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  /** A URL other processes can use, on the server kind only. */
  readonly url: string | undefined;
}

/** A fresh, migrated, empty database: in-memory PGlite, or a new database on the test server. */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const template = readTemplate(options.migrate === false ? 'empty' : 'migrated');
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory', loadDataDir: template });
    if (options.migrate !== false) await migrate(database.db);
    return { ...database, url: undefined };
  }
  if (!SERVER_URL)
    throw new Error('TEST_DATABASE_URL is not set: the PostgreSQL tests need the test command');
  // A copy of the migrated template the global setup made, unless the test migrates itself.
  const template = options.migrate === false ? undefined : process.env.RAPPORT_TEST_PG_TEMPLATE;
  const { url, drop } = await createServerDatabase(SERVER_URL, 'rapport_test', template);
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 5 });
  if (options.migrate !== false) await migrate(database.db);
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/**
 * Puts a migrated embedded database in a new data folder, as `rapport migrate` leaves it, for tests
 * of commands that open the folder themselves. Loaded from the template: migrating a new folder
 * takes several times longer.
 */
export async function createTestDataDir(dataDir: string): Promise<void> {
  const template = readTemplate('migrated');
  const database = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: template });
  try {
    if (!template) await migrate(database.db);
  } finally {
    await database.close();
  }
}

/** Runs the same suite on every database kind available to this test run. */
export function describeEachDatabase(title: string, suite: (kind: DatabaseKind) => void): void {
  for (const kind of testDatabaseKinds) describe(`${title} [${kind}]`, () => suite(kind));
}

/**
 * An embedded database dumped once per test run by the global setup, new or migrated: loading it
 * beats initdb and migrating.
 */
function readTemplate(which: 'empty' | 'migrated'): Blob | undefined {
  const file = process.env[which === 'empty' ? 'RAPPORT_TEST_PGLITE_EMPTY' : 'RAPPORT_TEST_PGLITE_TEMPLATE'];
  return file && fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : undefined;
}
