import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, type DatabaseKind, openDatabase } from './connection';
import { migrate } from './migrate';

/**
 * Throwaway databases for tests and benchmarks: a new database on a PostgreSQL server (or an
 * in-memory embedded one), dropped when done.
 */

/** Runs one statement on a connection of its own: CREATE and DROP DATABASE refuse a transaction. */
export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the server of `url`. */
export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface ServerDatabase {
  name: string;
  url: string;
  /** Drops it, closing any connection left. */
  drop(): Promise<void>;
}

/** A new database named `<prefix>_<random>` on the server of `adminUrl`, a copy of `template` if given. */
export async function createServerDatabase(
  adminUrl: string,
  prefix: string,
  template?: string,
): Promise<ServerDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}${template ? ` template ${template}` : ''}`);
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

/** A migrated, empty database of `kind`; `close` drops it (a server one needs `adminUrl`). */
export async function openScratchDatabase(
  kind: DatabaseKind,
  options: { adminUrl?: string; prefix: string; poolSize?: number },
): Promise<{ database: Database; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
    await migrate(database.db);
    return { database, close: () => database.close() };
  }
  if (!options.adminUrl) throw new Error(`a ${kind} scratch database needs the server's URL`);
  const server = await createServerDatabase(options.adminUrl, options.prefix);
  const database = await openDatabase({ kind: 'postgres', url: server.url, poolSize: options.poolSize ?? 5 });
  await migrate(database.db);
  return {
    database,
    close: async () => {
      await database.close();
      await server.drop();
    },
  };
}
