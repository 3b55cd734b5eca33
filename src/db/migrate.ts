import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connection';

const SRC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 7_231_001;

export interface MigrationFile {
  readonly name: string;
  readonly slice: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationResult {
  applied: string[];
  schemaVersion: string | undefined;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
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

/**
 * Applies pending migrations in order, each in its own transaction, under a session advisory
 * lock so that two processes never migrate at once. An applied file whose text changed is an error:
 * migrations are forward-only.
 */
export async function migrate(db: Db, files = listMigrations()): Promise<MigrationResult> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(conn);
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
      return { applied, schemaVersion: files.at(-1)?.name };
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

export async function readSchemaVersion(db: Db): Promise<string | undefined> {
  const { rows } = await sql<{ name: string }>`
    select name from schema_migrations order by name desc limit 1`.execute(db);
  return rows[0]?.name;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
