import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from './connection';
import { MigrationError } from './migration-error';

/**
 * Database functions, one file each: `src/<slice>/functions/<function>.sql` holds today's body of a
 * function (`create or replace function ...`, with the grants and revokes it needs), and the
 * migrator applies every file whose text changed since it was last applied, after the numbered
 * migrations, in one transaction under the migration lock (src/db/migrate.ts). Tables, indexes and
 * triggers stay in numbered migrations, which keep creating the historical bodies on a fresh
 * database: the files replace them at the end of the same run.
 *
 * - A changed signature: `create or replace` cannot change a function's result type or parameter
 *   names, and different argument types make a second function beside the first. The file then
 *   begins with `drop function if exists <old signature>;` (PostgreSQL refuses the drop, naming the
 *   dependants, when a trigger, index or policy still uses the old one: change those in a
 *   migration). A file that leaves two functions of one name is refused.
 * - Stored results: when a changed function (or a function whose body names one) is used by an
 *   index, the index is rebuilt in the same transaction (listed in the result: `rapport migrate`
 *   prints it); when a stored generated column, a check constraint or a materialized view uses it,
 *   the migrator refuses: rows computed by the old body would stay, so write a migration that
 *   recomputes them.
 * - A function created only by a file (a new one) must not be needed by a migration (an index, a
 *   backfill): migrations run first. Create its first version in the migration that needs it.
 * - A new function is executable by PUBLIC: a security-definer function that takes the workspace as
 *   an argument revokes that in its file (see rapport_similar_people).
 *
 * Files are applied slice by slice in the order of the slices' first migrations (platform, then
 * customers, ...), by file name within a slice: a SQL-language function whose body calls a new
 * function must come after it.
 */
export interface FunctionFile {
  /** `<slice>/<file name without .sql>`: the key of schema_functions. */
  readonly name: string;
  readonly slice: string;
  readonly sql: string;
  readonly checksum: string;
  /** The names of the functions the file creates. */
  readonly defines: readonly string[];
}

export interface FunctionsApplied {
  /** Files applied (new or changed), in order. */
  applied: string[];
  /** Indexes rebuilt because a function they use changed. */
  reindexed: string[];
}

const CREATE = /\bcreate\s+(or\s+replace\s+)?function\s+(?:public\.)?"?([a-z_][a-z0-9_]*)"?\s*\(/gi;

/** Every slice's `functions/*.sql`, in the order they are applied. */
export function listFunctionFiles(srcDir: string): FunctionFile[] {
  const slices = fs
    .readdirSync(srcDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(srcDir, d.name, 'functions')))
    .map((d) => ({ slice: d.name, first: firstMigration(path.join(srcDir, d.name, 'migrations')) }))
    .sort((a, b) => byCodePoint(a.first, b.first) || byCodePoint(a.slice, b.slice));
  const files: FunctionFile[] = [];
  const definedBy = new Map<string, string>();
  for (const { slice } of slices) {
    const dir = path.join(srcDir, slice, 'functions');
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort(byCodePoint)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const name = `${slice}/${file.replace(/\.sql$/, '')}`;
      const defines = new Set<string>();
      for (const match of text.matchAll(CREATE)) {
        if (!match[1]) throw new MigrationError(`${name}: write "create or replace function ${match[2]}"`);
        defines.add(match[2]!.toLowerCase());
      }
      if (defines.size === 0) throw new MigrationError(`${name} creates no function`);
      for (const fn of defines) {
        const other = definedBy.get(fn);
        if (other) throw new MigrationError(`Function ${fn} is created by both ${other} and ${name}`);
        definedBy.set(fn, name);
      }
      files.push({ name, slice, sql: text, checksum: sha256(text), defines: [...defines] });
    }
  }
  return files;
}

/** The bookkeeping table: which text of each file was applied last. */
export async function createFunctionsTable(trx: Db): Promise<void> {
  await sql`create table if not exists schema_functions (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(trx);
}

/** Applies the files whose text differs from the one applied last; `done` maps file names to checksums. */
export async function applyFunctionFiles(
  trx: Db,
  files: readonly FunctionFile[],
  done: ReadonlyMap<string, string>,
): Promise<FunctionsApplied> {
  const gone = [...done.keys()].filter((name) => !files.some((f) => f.name === name));
  if (gone.length > 0) await sql`delete from schema_functions where name = any(${gone}::text[])`.execute(trx);
  const pending = files.filter((f) => done.get(f.name) !== f.checksum);
  if (pending.length === 0) return { applied: [], reindexed: [] };
  const names = [...new Set(pending.flatMap((f) => f.defines))];
  const before = await definitions(trx, names);
  for (const file of pending) {
    await sql.raw(file.sql).execute(trx);
    await sql`insert into schema_functions (name, checksum) values (${file.name}, ${file.checksum})
      on conflict (name) do update set checksum = excluded.checksum, applied_at = now()`.execute(trx);
  }
  const after = await definitions(trx, names);
  for (const name of names) {
    const signatures = after.filter((f) => f.name === name).map((f) => f.signature);
    if (signatures.length > 1) {
      throw new MigrationError(
        `Function ${name} has ${signatures.length} signatures (${signatures.join(', ')}): its file must drop the old one ` +
          `first ("drop function if exists ...")`,
      );
    }
  }
  const changed = after.filter(
    (f) => before.find((b) => b.signature === f.signature)?.definition !== f.definition,
  );
  return { applied: pending.map((f) => f.name), reindexed: await rebuildDependants(trx, changed) };
}

interface Definition {
  oid: string;
  name: string;
  signature: string;
  definition: string;
}

async function definitions(trx: Db, names: readonly string[]): Promise<Definition[]> {
  const { rows } = await sql<Definition>`
    select p.oid::text as oid, p.proname::text as name, p.oid::regprocedure::text as signature,
      pg_get_functiondef(p.oid) as definition
    from pg_proc p
    where p.pronamespace = 'public'::regnamespace and p.proname = any(${names}::text[])
    order by 3`.execute(trx);
  return rows;
}

/**
 * Rebuilds the indexes that use a changed function, or a function whose body names one; refuses when
 * stored rows (a generated column, a check constraint, a materialized view) were computed by it.
 */
async function rebuildDependants(trx: Db, changed: readonly Definition[]): Promise<string[]> {
  if (changed.length === 0) return [];
  const { rows: all } = await sql<{ oid: string; name: string; source: string }>`
    select p.oid::text as oid, p.proname::text as name, p.prosrc as source from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
        and d.deptype = 'e')`.execute(trx);
  const affected = new Map(changed.map((f) => [f.oid, f.name]));
  for (let grew = true; grew; ) {
    grew = false;
    const called = new RegExp(`\\b(${[...new Set(affected.values())].join('|')})\\s*\\(`, 'i');
    for (const f of all) {
      if (!affected.has(f.oid) && called.test(f.source)) {
        affected.set(f.oid, f.name);
        grew = true;
      }
    }
  }
  const oids = [...affected.keys()];
  const { rows } = await sql<{ kind: 'index' | 'partitioned index' | 'stored'; object: string; fn: string }>`
    select case c.relkind when 'I' then 'partitioned index' else 'index' end as kind,
      d.objid::regclass::text as object, d.refobjid::regproc::text as fn
    from pg_depend d join pg_class c on c.oid = d.objid
    where d.classid = 'pg_class'::regclass and c.relkind in ('i', 'I')
      and d.refclassid = 'pg_proc'::regclass and d.refobjid = any(${oids}::oid[])
    union all
    select 'stored', format('generated column %s.%I', ad.adrelid::regclass, a.attname), d.refobjid::regproc::text
    from pg_depend d join pg_attrdef ad on ad.oid = d.objid
    join pg_attribute a on a.attrelid = ad.adrelid and a.attnum = ad.adnum
    where d.classid = 'pg_attrdef'::regclass and a.attgenerated = 's'
      and d.refclassid = 'pg_proc'::regclass and d.refobjid = any(${oids}::oid[])
    union all
    select 'stored', format('check constraint %I on %s', con.conname, con.conrelid::regclass), d.refobjid::regproc::text
    from pg_depend d join pg_constraint con on con.oid = d.objid
    where d.classid = 'pg_constraint'::regclass and con.contype = 'c'
      and d.refclassid = 'pg_proc'::regclass and d.refobjid = any(${oids}::oid[])
    union all
    select 'stored', format('materialized view %s', r.ev_class::regclass), d.refobjid::regproc::text
    from pg_depend d join pg_rewrite r on r.oid = d.objid join pg_class c on c.oid = r.ev_class
    where d.classid = 'pg_rewrite'::regclass and c.relkind = 'm'
      and d.refclassid = 'pg_proc'::regclass and d.refobjid = any(${oids}::oid[])
    order by 1, 2`.execute(trx);
  const stored = rows.filter((r) => r.kind === 'stored');
  if (stored.length > 0) {
    throw new MigrationError(
      `A changed function computed stored values: ${stored.map((r) => `${r.object} (uses ${r.fn})`).join('; ')}. ` +
        'Change it in a numbered migration that also recomputes them',
    );
  }
  const rebuilt: string[] = [];
  for (const { kind, object } of rows) {
    if (rebuilt.includes(object)) continue;
    // REINDEX of a partitioned index refuses a transaction block: each partition's index instead.
    const leaves =
      kind === 'partitioned index'
        ? (
            await sql<{ leaf: string }>`
              select relid::regclass::text as leaf from pg_partition_tree(${object}::regclass) where isleaf`.execute(
              trx,
            )
          ).rows.map((r) => r.leaf)
        : [object];
    for (const leaf of leaves) await sql.raw(`reindex index ${leaf}`).execute(trx);
    rebuilt.push(object);
  }
  return rebuilt;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The name of a slice's first migration; '~' (after every digit) for a slice without migrations. */
function firstMigration(dir: string): string {
  if (!fs.existsSync(dir)) return '~';
  return (
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort()[0] ?? '~'
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
