import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, createWorkspace, SYSTEM_PRINCIPAL } from '../platform/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import { withTenant } from './tenant';

describeEachDatabase('row-level security', (kind) => {
  let database: TestDatabase;
  let a: string;
  let b: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    a = (await createWorkspace(database.db, { slug: 'alpha', name: 'Alpha' })).id;
    b = (await createWorkspace(database.db, { slug: 'beta', name: 'Beta' })).id;
    await createUser(database.db, SYSTEM_PRINCIPAL(a), { email: 'ann@alpha.com', role: 'admin' });
    await createUser(database.db, SYSTEM_PRINCIPAL(b), { email: 'bob@beta.com', role: 'admin' });
    await createUser(database.db, SYSTEM_PRINCIPAL(b), { email: 'bea@beta.com', role: 'sales' });
  });
  afterAll(() => database.close());

  it('hides other workspaces from a query that forgets its workspace filter', async () => {
    const seen = await withTenant(database.db, a, async (trx) => {
      const users = await sql<{ email: string }>`select email from users order by email`.execute(trx);
      const roles = await sql<{
        n: number;
      }>`select count(distinct workspace_id)::int as n from roles`.execute(trx);
      const audit = await sql<{
        n: number;
      }>`select count(*)::int as n from audit_log where workspace_id = ${b}`.execute(trx);
      const workspaces = await sql<{ slug: string }>`select slug from workspaces`.execute(trx);
      return {
        users: users.rows,
        roles: roles.rows[0]?.n,
        audit: audit.rows[0]?.n,
        workspaces: workspaces.rows,
      };
    });
    expect(seen.users).toEqual([{ email: 'ann@alpha.com' }]);
    expect(seen.roles).toBe(1);
    expect(seen.audit).toBe(0);
    expect(seen.workspaces).toEqual([{ slug: 'alpha' }]);
  });

  it('sees nothing at all when no workspace is set', async () => {
    const rows = await withTenant(database.db, '00000000-0000-0000-0000-000000000000', (trx) =>
      sql`select * from users`.execute(trx),
    );
    expect(rows.rows).toEqual([]);
  });

  it('refuses to write a row into another workspace', async () => {
    await expect(
      withTenant(database.db, a, (trx) =>
        sql`insert into teams (workspace_id, name) values (${b}, 'intruders')`.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(database.db, a, (trx) =>
        sql`update users set name = 'changed' where workspace_id = ${b}`.execute(trx),
      ),
    ).resolves.toMatchObject({ numAffectedRows: 0n });
  });

  it.runIf(kind === 'postgres')(
    'lets tenant queries run on parallel workers, which see only the workspace too',
    async () => {
      const { plan, users } = await withTenant(database.db, b, async (trx) => {
        // A parallel worker runs whatever the plan allows to run in parallel (the setting's name
        // changed in PostgreSQL 16).
        await sql`select set_config(name, 'on', true) from pg_settings
          where name in ('force_parallel_mode', 'debug_parallel_query')`.execute(trx);
        const query = sql`select count(*)::int as n from users`;
        const explained = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) ${query}`.execute(trx);
        const counted = await sql<{ n: number }>`${query}`.execute(trx);
        return { plan: JSON.stringify(explained.rows[0]?.['QUERY PLAN']), users: counted.rows[0]?.n };
      });
      expect(plan).toMatch(/"Node Type":"Gather"/);
      expect(users).toBe(2);
    },
  );

  it('keeps the audit log append-only, for the owner too', async () => {
    await expect(sql`update audit_log set action = 'delete'`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(
      withTenant(database.db, a, (trx) => sql`delete from audit_log where workspace_id = ${a}`.execute(trx)),
    ).rejects.toThrow(/permission denied|append-only/);
  });
});
