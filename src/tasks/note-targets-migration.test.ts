import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listMigrations, migrate } from '../db/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';

describeEachDatabase('migration 0510: notes get a checked record', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind, { migrate: false });
  });
  afterAll(() => database.close());

  it("moves a merged person's notes to the survivor, keeps the rest, and drops notes on no record", async () => {
    const db = database.db;
    await migrate(db, { migrations: listMigrations().filter((f) => f.name < '0510'), functions: [] });
    const { rows } = await sql<{ ws: string; live: string; merged: string; account: string }>`
      with ws as (insert into workspaces (slug, name) values ('old', 'Old') returning id),
      live as (insert into people (workspace_id, display_name) select id, 'Live' from ws returning id),
      account as (insert into accounts (workspace_id, name) select id, 'Shop' from ws returning id)
      select (select id from ws) as ws, (select id from live) as live, gen_random_uuid() as merged,
        (select id from account) as account`.execute(db);
    const { ws, live, merged, account } = rows[0] as (typeof rows)[number];
    await sql`insert into person_tombstones (workspace_id, merged_id, survivor_id) values (${ws}, ${merged}, ${live})`.execute(
      db,
    );
    await sql`insert into notes (workspace_id, object_type, object_id, body) values
      (${ws}, 'people', ${live}, 'on the live person'),
      (${ws}, 'people', ${merged}, 'on the merged person'),
      (${ws}, 'accounts', ${account}, 'on the account'),
      (${ws}, 'people', gen_random_uuid(), 'on no one'),
      (${ws}, 'orders', ${live}, 'on an order that is a person')`.execute(db);

    await migrate(db);
    const notes = await sql<{
      body: string;
      object_type: string;
      object_id: string;
      person_id: string | null;
    }>`
      select body, object_type, object_id, person_id from notes order by body`.execute(db);
    expect(notes.rows).toEqual([
      { body: 'on the account', object_type: 'accounts', object_id: account, person_id: null },
      { body: 'on the live person', object_type: 'people', object_id: live, person_id: live },
      { body: 'on the merged person', object_type: 'people', object_id: live, person_id: live },
    ]);
    await expect(
      sql`insert into notes (workspace_id, object_type, person_id, body) values (${ws}, 'people', gen_random_uuid(), 'x')`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(
      sql`insert into notes (workspace_id, object_type, account_id, body) values (${ws}, 'people', ${account}, 'x')`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });
});
