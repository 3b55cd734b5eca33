import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkspace } from '../../platform/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../testing/db';
import { identityOwnersQuery } from './resolution';

/** Every index an EXPLAIN (FORMAT JSON) plan reads, with the number of rows each scan was planned for. */
function indexScans(node: Record<string, unknown>, out: string[] = []): string[] {
  if (typeof node['Index Name'] === 'string') out.push(node['Index Name']);
  for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) indexScans(child, out);
  return out;
}

describeEachDatabase('identity owners of a workspace the statistics have not met', (kind) => {
  let database: TestDatabase;
  let fresh: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const big = (await createWorkspace(database.db, { slug: 'big', name: 'Big' })).id;
    fresh = (await createWorkspace(database.db, { slug: 'fresh', name: 'Fresh' })).id;
    const load = async (ws: string, n: number) => {
      await sql`insert into people (workspace_id, id, display_name)
        select ${ws}::uuid, md5(${ws} || g)::uuid, 'Person ' || g from generate_series(1, ${n}::int) g`.execute(
        database.db,
      );
      await sql`insert into identities (workspace_id, person_id, kind, value)
        select ${ws}::uuid, md5(${ws} || g)::uuid, 'email', 'p' || g || '@example.com'
        from generate_series(1, ${n}::int) g`.execute(database.db);
    };
    await load(big, 20_000);
    await sql`analyze identities`.execute(database.db);
    await load(fresh, 5_000);
  });
  afterAll(() => database.close());

  it(`probes each identifier by the unique index, not by scanning the workspace [${kind}]`, async () => {
    const values = Array.from({ length: 2_000 }, (_, i) => `p${i + 1}@example.com`);
    const query = identityOwnersQuery(
      fresh,
      values.map(() => 'email'),
      values,
    ).compile(database.db);
    const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>({
      ...query,
      sql: `explain (format json) ${query.sql}`,
    });
    const plan = (rows[0] as { 'QUERY PLAN': [{ Plan: Record<string, unknown> }] })['QUERY PLAN'][0].Plan;
    expect(indexScans(plan)).toEqual(['identities_workspace_id_kind_value_key']);

    const owners = await identityOwnersQuery(
      fresh,
      values.map(() => 'email'),
      values,
    ).execute(database.db);
    expect(owners.rows.filter((r) => r.person_id !== null)).toHaveLength(2_000);
  });
});
