import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import type { Db } from './connection';
import type { FunctionFile } from './functions';
import { listFunctionFiles } from './functions';
import { listFunctions, migrate, readSchemaVersion } from './migrate';

/** Every function of the schema (those of extensions aside): signature, whole definition, grants. */
async function functionsOf(db: Db) {
  const { rows } = await sql<{ name: string; signature: string; definition: string; acl: string | null }>`
    select p.proname::text as name, p.oid::regprocedure::text as signature,
      pg_get_functiondef(p.oid) as definition, p.proacl::text as acl
    from pg_proc p
    where p.pronamespace = 'public'::regnamespace
      and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid
        and d.deptype = 'e')
    order by 2`.execute(db);
  return rows;
}

const fileOf = (name: string, text: string): FunctionFile => ({
  name,
  slice: name.split('/')[0]!,
  sql: text,
  checksum: createHash('sha256').update(text).digest('hex'),
  defines: [...text.matchAll(/create or replace function (\w+)/g)].map((m) => m[1]!),
});

/** The current files with one of them edited. */
const edited = (name: string, edit: (text: string) => string) =>
  listFunctions().map((f) => (f.name === name ? fileOf(f.name, edit(f.sql)) : f));

describeEachDatabase('function files', (kind) => {
  const open: TestDatabase[] = [];
  const database = async (options: { migrate?: boolean } = {}) => {
    const d = await createTestDatabase(kind, options);
    open.push(d);
    return d;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });

  it('hold every function of the schema, one file each; fresh and upgraded databases end identical', async () => {
    // Fresh: the test template, migrated in one run from nothing.
    const fresh = await functionsOf((await database()).db);
    // Upgraded: a database as the numbered migrations alone left it (the historical bodies, before
    // function files existed), then brought up to date.
    const old = (await database({ migrate: false })).db;
    const before = await migrate(old, { functions: [] });
    expect(before.schemaVersion).toMatch(/^\d{4}_[a-z_]+$/);
    const upgrade = await migrate(old);
    expect(upgrade.applied).toEqual([]);
    expect(upgrade.functions).toEqual(listFunctions().map((f) => f.name));
    expect(upgrade.reindexed).toEqual([]);
    expect(upgrade.schemaVersion).toMatch(new RegExp(`^${before.schemaVersion}\\+fn\\.[0-9a-f]{8}$`));
    expect(await functionsOf(old)).toEqual(fresh);

    const files = listFunctions();
    const defined = files.flatMap((f) => f.defines).sort();
    expect(fresh.map((f) => f.name).sort()).toEqual(defined);
    expect(new Set(defined).size).toBe(defined.length);
    for (const f of files) expect(f.defines, f.name).toEqual([f.name.split('/')[1]]);
  }, 180_000); // the whole migration chain, which takes a while on the embedded database

  it('re-applies a changed file once, and never an unchanged one', async () => {
    const { db } = await database();
    expect(await migrate(db)).toMatchObject({ applied: [], functions: [], reindexed: [] });
    const version = await readSchemaVersion(db);
    const stamps = async () =>
      (
        await sql<{
          name: string;
          at: string;
        }>`select name, applied_at::text as at from schema_functions`.execute(db)
      ).rows;
    const stamped = await stamps();

    const name = 'platform/rapport_audit_log_is_append_only';
    const files = edited(name, (text) =>
      text.replace("'audit_log is append-only:", "'audit_log is append-only (v2):"),
    );
    expect(await migrate(db, { functions: files })).toMatchObject({ functions: [name], reindexed: [] });
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only \(v2\): TRUNCATE/);
    expect(await readSchemaVersion(db)).not.toBe(version);
    const restamped = await stamps();
    expect(restamped.filter((r) => r.name !== name)).toEqual(stamped.filter((r) => r.name !== name));
    expect(restamped.find((r) => r.name === name)?.at).not.toBe(stamped.find((r) => r.name === name)?.at);

    expect(await migrate(db, { functions: files })).toMatchObject({ functions: [] });
    // Back to the file as it is: applied once more.
    expect((await migrate(db)).functions).toEqual([name]);
    expect(await readSchemaVersion(db)).toBe(version);
  });

  it('rebuilds an index built on a changed function, in the same transaction', async () => {
    const { db } = await database();
    const { rows } = await sql<{ id: string }>`
      insert into workspaces (slug, name) values ('keys', 'Keys') returning id`.execute(db);
    const ws = rows[0]!.id;
    await sql`insert into people (workspace_id, display_name) values (${ws}, 'Ann Lee')`.execute(db);
    const found = (key: string) =>
      db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_indexscan = off`.execute(trx);
        await sql`set local enable_indexonlyscan = off`.execute(trx);
        const plan = await sql<{ 'QUERY PLAN': string }>`explain select 1 from people
          where rapport_name_keys(workspace_id, display_name) @> array[${`${ws}${key}`}]`.execute(trx);
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/people_name_words/);
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from people
          where rapport_name_keys(workspace_id, display_name) @> array[${`${ws}${key}`}]`.execute(trx);
        return rows[0]!.n;
      });
    expect(await found(':ann')).toBe(1);
    // Keys now '<workspace>::<word>': the index must hold the new keys, not the old ones.
    const files = edited('customers/rapport_name_keys', (text) => text.replace(":\\1'", "::\\1'"));
    expect(files.find((f) => f.name === 'customers/rapport_name_keys')?.sql).toContain("'::\\1'");
    const result = await migrate(db, { functions: files });
    expect(result.functions).toEqual(['customers/rapport_name_keys']);
    expect(result.reindexed).toEqual(['people_name_words']);
    expect(await found('::ann')).toBe(1);
    expect(await found(':ann')).toBe(0);
  });

  it('refuses a changed function behind stored values, and a file that leaves two signatures', async () => {
    const { db } = await database();
    await sql
      .raw(`
      create function rapport_test_shout(t text) returns text language sql immutable as $$ select upper(t) $$;
      create table test_shouts (workspace_id uuid, said text, shout text generated always as (rapport_test_shout(said)) stored);
      create function rapport_test_echo(t text) returns text language sql immutable as $$ select t $$;
    `)
      .execute(db);
    const shout = fileOf(
      'testing/rapport_test_shout',
      'create or replace function rapport_test_shout(t text) returns text language sql immutable as $$ select lower(t) $$;',
    );
    await expect(migrate(db, { functions: [...listFunctions(), shout] })).rejects.toThrow(
      /generated column test_shouts\.shout \(uses rapport_test_shout\)/,
    );
    const said = await sql<{ s: string }>`select rapport_test_shout('Hi') as s`.execute(db);
    expect(said.rows[0]?.s).toBe('HI'); // nothing of the refused run stays
    const applied =
      await sql`select 1 from schema_functions where name = 'testing/rapport_test_shout'`.execute(db);
    expect(applied.rows).toEqual([]);

    const echo = (text: string) => fileOf('testing/rapport_test_echo', text);
    const twoArgs =
      'create or replace function rapport_test_echo(t text, n integer) returns text language sql immutable as $$ select repeat(t, n) $$;';
    await expect(migrate(db, { functions: [...listFunctions(), echo(twoArgs)] })).rejects.toThrow(
      /rapport_test_echo has 2 signatures .*drop the old one/,
    );
    const dropped = `drop function if exists rapport_test_echo(text);\n${twoArgs}`;
    expect((await migrate(db, { functions: [...listFunctions(), echo(dropped)] })).functions).toEqual([
      'testing/rapport_test_echo',
    ]);
    const echoes = await sql<{ signature: string }>`
      select oid::regprocedure::text as signature from pg_proc where proname = 'rapport_test_echo'`.execute(
      db,
    );
    expect(echoes.rows).toEqual([{ signature: 'rapport_test_echo(text,integer)' }]);
  });

  it('lets tenant transactions run no security-definer function that takes the workspace from its caller', async () => {
    const { db } = await database();
    const { rows } = await sql<{ signature: string; trigger: boolean; scoped: boolean; tenant: boolean }>`
      select p.oid::regprocedure::text as signature, p.prorettype = 'trigger'::regtype as trigger,
        p.prosrc like '%rapport_current_workspace()%' as scoped,
        has_function_privilege('rapport_tenant', p.oid, 'execute') as tenant
      from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prosecdef
      order by 1`.execute(db);
    expect(rows.length).toBeGreaterThan(5);
    // Trigger functions run only from their triggers; the others read the transaction's own workspace.
    expect(rows.filter((r) => r.tenant && !r.trigger && !r.scoped)).toEqual([]);
    // Not executable by tenants: the similar-name searches (only through rapport_search_people and
    // rapport_search_accounts, which pass the transaction's own workspace) and the auth version
    // stamp (only its triggers call it).
    expect(rows.filter((r) => !r.tenant).map((r) => r.signature)).toEqual([
      'rapport_similar_accounts(uuid,text,integer,text,uuid,uuid,boolean)',
      'rapport_similar_people(uuid,text,integer,text,uuid,uuid,boolean)',
      'rapport_stamp_auth_version(uuid)',
    ]);
  });
});

describe('function files on disk', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tree = (files: Record<string, string>) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-functions-'));
    dirs.push(root);
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    return root;
  };
  const fn = (name: string) =>
    `create or replace function ${name}() returns int language sql as $$ select 1 $$;`;

  it('orders slices by their first migration (those without any last), files by name', () => {
    const root = tree({
      'aaa/migrations/0300_x.sql': '',
      'aaa/functions/b.sql': fn('b'),
      'aaa/functions/a.sql': fn('a'),
      'zzz/migrations/0001_y.sql': '',
      'zzz/functions/c.sql': fn('c'),
      'mmm/functions/d.sql': fn('d'),
    });
    expect(listFunctionFiles(root).map((f) => f.name)).toEqual(['zzz/c', 'aaa/a', 'aaa/b', 'mmm/d']);
  });

  it('refuses a plain "create function", a file creating none, and one function in two files', () => {
    expect(() =>
      listFunctionFiles(tree({ 'x/functions/a.sql': fn('a').replace(' or replace', '') })),
    ).toThrow(/x\/a: write "create or replace function a"/);
    expect(() => listFunctionFiles(tree({ 'x/functions/a.sql': 'select 1;' }))).toThrow(
      /x\/a creates no function/,
    );
    expect(() =>
      listFunctionFiles(tree({ 'x/functions/a.sql': fn('a'), 'y/functions/b.sql': fn('a') })),
    ).toThrow(/Function a is created by both x\/a and y\/b/);
  });
});
