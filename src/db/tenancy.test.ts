import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';

/** Tables that are not owned by a tenant. */
const PLATFORM_TABLES = new Set(['workspaces', 'schema_migrations', 'schema_functions']);

describeEachDatabase('tenancy rules on the live schema', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('gives every tenant-owned table workspace_id first in its primary key, and row-level security', async () => {
    const { rows } = await sql<{ table_name: string; pk: string[] | null; rls: boolean; policies: number }>`
      select c.relname as table_name,
        (select array_agg(a.attname::text order by k.ord) from pg_constraint p
           cross join lateral unnest(p.conkey) with ordinality as k(attnum, ord)
           join pg_attribute a on a.attrelid = p.conrelid and a.attnum = k.attnum
          where p.conrelid = c.oid and p.contype = 'p') as pk,
        c.relrowsecurity as rls,
        (select count(*)::int from pg_policy pol where pol.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by 1`.execute(database.db);
    expect(rows.length).toBeGreaterThan(10);
    const broken = rows
      .filter((r) => !PLATFORM_TABLES.has(r.table_name))
      .filter((r) => r.pk?.[0] !== 'workspace_id' || !r.rls || r.policies === 0)
      .map((r) => `${r.table_name} (pk: ${r.pk?.join(', ')}, rls: ${r.rls}, policies: ${r.policies})`);
    expect(broken).toEqual([]);
  });

  it('includes workspace_id in every foreign key between tenant-owned tables', async () => {
    const { rows } = await sql<{ name: string; source: string; target: string; columns: string[] }>`
      select con.conname as name, src.relname as source, dst.relname as target,
        (select array_agg(a.attname::text) from unnest(con.conkey) k(attnum)
           join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns
      from pg_constraint con
      join pg_class src on src.oid = con.conrelid
      join pg_class dst on dst.oid = con.confrelid
      join pg_namespace n on n.oid = src.relnamespace
      where con.contype = 'f' and n.nspname = 'public'`.execute(database.db);
    expect(rows.length).toBeGreaterThan(10);
    const broken = rows
      .filter((r) => !PLATFORM_TABLES.has(r.source))
      .filter((r) => !r.columns.includes('workspace_id'))
      .map((r) => `${r.source}.${r.name} -> ${r.target} (${r.columns.join(', ')})`);
    expect(broken).toEqual([]);
  });

  it('keeps unique constraints distributable: each includes workspace_id', async () => {
    const { rows } = await sql<{ source: string; name: string; columns: string[] }>`
      select src.relname as source, con.conname as name,
        (select array_agg(a.attname::text) from unnest(con.conkey) k(attnum)
           join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as columns
      from pg_constraint con join pg_class src on src.oid = con.conrelid
      join pg_namespace n on n.oid = src.relnamespace
      where con.contype in ('u', 'p') and n.nspname = 'public'`.execute(database.db);
    const broken = rows
      .filter((r) => !PLATFORM_TABLES.has(r.source) && !r.columns.includes('workspace_id'))
      .map((r) => `${r.source}.${r.name}`);
    expect(broken).toEqual([]);
  });

  it('keeps unique indexes distributable too (those that are no constraint): each includes workspace_id', async () => {
    // A distributed table can enforce uniqueness only within a shard: the key must hold the distribution column.
    const { rows } = await sql<{ source: string; name: string; columns: string[] }>`
      select t.relname as source, i.relname as name,
        (select coalesce(array_agg(a.attname::text), '{}') from unnest(x.indkey) k(attnum)
           join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.attnum) as columns
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      where x.indisunique and t.relnamespace = 'public'::regnamespace`.execute(database.db);
    expect(rows.length).toBeGreaterThan(10);
    const broken = rows
      .filter((r) => !PLATFORM_TABLES.has(r.source) && !r.columns.includes('workspace_id'))
      .map((r) => `${r.source}.${r.name}`);
    expect(broken).toEqual([]);
  });
});
