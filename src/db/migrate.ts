import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connection';
import {
  applyFunctionFiles,
  createFunctionsTable,
  type FunctionFile,
  listFunctionFiles,
  sha256,
} from './functions';
import { MigrationError } from './migration-error';

const SRC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 7_231_001;

export { MigrationError };

export interface MigrationFile {
  readonly name: string;
  readonly slice: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationResult {
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** Function files applied by this run (new or changed since last applied). */
  functions: string[];
  /** Indexes rebuilt because a function they use changed. */
  reindexed: string[];
  schemaVersion: string | undefined;
}

export interface MigrateOptions {
  /** Default: every slice's `migrations/*.sql`. */
  migrations?: readonly MigrationFile[];
  /** Default: every slice's `functions/*.sql`. */
  functions?: readonly FunctionFile[];
}

/** Every slice's `migrations/*.sql`, ordered by file name (names carry a global sequence number). */
export function listMigrations(srcDir = SRC_DIR): MigrationFile[] {
  const files: MigrationFile[] = [];
  for (const slice of fs.readdirSync(srcDir)) {
    const dir = path.join(srcDir, slice, 'migrations');
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      files.push({ name: file.replace(/\.sql$/, ''), slice, sql: text, checksum: sha256(text) });
    }
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name)) throw new MigrationError(`Two migrations are named ${f.name}`);
    seen.add(f.name);
  }
  return files;
}

/** Every slice's `functions/*.sql`, in the order they are applied (src/db/functions.ts). */
export function listFunctions(srcDir = SRC_DIR): FunctionFile[] {
  return listFunctionFiles(srcDir);
}

/**
 * Brings the schema up to date under a session advisory lock, so that two processes never migrate
 * at once: first the pending migrations in order, each in its own transaction (an applied file
 * whose text changed is an error: migrations are forward-only), then, in one transaction, the
 * function files whose text changed since they were last applied (src/db/functions.ts).
 */
export async function migrate(db: Db, options: MigrateOptions = {}): Promise<MigrationResult> {
  const files = options.migrations ?? listMigrations();
  const functionFiles = options.functions ?? listFunctions();
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(conn);
      await createFunctionsTable(conn);
      const { rows } = await sql<{ name: string; checksum: string }>`
        select name, checksum from schema_migrations order by name`.execute(conn);
      const done = new Map(rows.map((r) => [r.name, r.checksum]));
      for (const file of files) {
        const checksum = done.get(file.name);
        if (checksum !== undefined && checksum !== file.checksum) {
          throw new MigrationError(`Migration ${file.name} was changed after it was applied`);
        }
      }
      const applied: string[] = [];
      for (const file of files.filter((f) => !done.has(f.name))) {
        await conn.transaction().execute(async (trx) => {
          await sql.raw(file.sql).execute(trx);
          await sql`insert into schema_migrations (name, checksum) values (${file.name}, ${file.checksum})`.execute(
            trx,
          );
        });
        applied.push(file.name);
      }
      const { rows: fnRows } = await sql<{ name: string; checksum: string }>`
        select name, checksum from schema_functions`.execute(conn);
      const fnDone = new Map(fnRows.map((r) => [r.name, r.checksum]));
      const stale =
        fnRows.some((r) => !functionFiles.some((f) => f.name === r.name)) ||
        functionFiles.some((f) => fnDone.get(f.name) !== f.checksum);
      const { applied: functions, reindexed } = stale
        ? await conn.transaction().execute((trx) => applyFunctionFiles(trx, functionFiles, fnDone))
        : { applied: [], reindexed: [] };
      return { applied, functions, reindexed, schemaVersion: await readSchemaVersion(conn) };
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

/**
 * The last migration applied and, when function files were applied, a digest of their texts:
 * `0250_live_events+fn.1a2b3c4d`. Two databases with the same version have the same migrations and
 * the same function bodies.
 */
export async function readSchemaVersion(db: Db): Promise<string | undefined> {
  const { rows } = await sql<{ migration: string | null; functions: string | null }>`
    select (select name from schema_migrations order by name desc limit 1) as migration,
      (select string_agg(name || ' ' || checksum, ',' order by name collate "C") from schema_functions) as functions`.execute(
    db,
  );
  const { migration, functions } = rows[0] ?? { migration: null, functions: null };
  if (!migration) return undefined;
  return functions ? `${migration}+fn.${sha256(functions).slice(0, 8)}` : migration;
}
