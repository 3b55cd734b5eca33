import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely } from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { LeanPostgresDialect } from './driver';

/** The tables each slice declares are added with `db.withTables<SliceTables>()`. */
// biome-ignore lint/complexity/noBannedTypes: the empty schema every slice extends
export type Db = Kysely<{}>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly kind: DatabaseKind;
  readonly pool: pg.Pool;
  /** Present on the embedded database; used for COPY from a blob. */
  readonly pglite: PGlite | undefined;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string | 'memory'; loadDataDir?: Blob };

// Timestamps come back as ISO strings and bigints as numbers where they fit; dates stay text.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** The embedded database in the data folder, or the server when DATABASE_URL is set. */
export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: config.dataDir };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle connection the server closes (restart, failover, a dropped database) is removed from the
    // pool and replaced on the next query; without a listener the pool's 'error' event kills the process.
    pool.on('error', (error: Error & { code?: string }) => {
      if (error.code !== '57P01') process.emitWarning(`idle database connection lost: ${error.message}`);
    });
    const db: Db = new Kysely({ dialect: new LeanPostgresDialect(pool, { inline: 'first' }) });
    return { db, kind: 'postgres', pool, pglite: undefined, close: () => db.destroy() };
  }
  let lock: DataDirLock | undefined;
  if (target.dataDir !== 'memory') lock = acquireDataDirLock(target.dataDir);
  try {
    const pglite = await PGlite.create({
      dataDir: target.dataDir === 'memory' ? undefined : `${target.dataDir}/pgdata`,
      extensions: { btree_gin, citext, pg_trgm },
      loadDataDir: target.loadDataDir,
    });
    const pool = new pg.Pool(createPgConfig(pglite));
    // In-process, every protocol message is a call into the database: one message per statement.
    const db: Db = new Kysely({ dialect: new LeanPostgresDialect(pool, { inline: 'always' }) });
    return {
      db,
      kind: 'pglite',
      pool,
      pglite,
      close: async () => {
        await db.destroy();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
