import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import { openDatabase } from './connection';
import { listFunctions, listMigrations, migrate, readSchemaVersion } from './migrate';

describeEachDatabase('migrations', (kind) => {
  const open: TestDatabase[] = [];
  const fresh = async () => {
    const database = await createTestDatabase(kind, { migrate: false });
    open.push(database);
    return database;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((d) => d.close()));
  });

  it('applies every slice in order, once, and records the schema version', async () => {
    const database = await fresh();
    const files = listMigrations();
    expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort());
    const slicesWithMigrations = fs
      .readdirSync('src', { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join('src', d.name, 'migrations')))
      .map((d) => d.name);
    expect(new Set(files.map((f) => f.slice))).toEqual(new Set(slicesWithMigrations));
    expect(slicesWithMigrations).toEqual(expect.arrayContaining(['platform', 'customers', 'interactions']));
    const first = await migrate(database.db);
    expect(first.applied).toEqual(files.map((f) => f.name));
    // Then every function file, after the migrations (src/db/functions.test.ts for the rest).
    expect(first.functions).toEqual(listFunctions().map((f) => f.name));
    const second = await migrate(database.db);
    expect(second).toMatchObject({ applied: [], functions: [], reindexed: [] });
    expect(await readSchemaVersion(database.db)).toMatch(
      new RegExp(`^${files.at(-1)?.name}\\+fn\\.[0-9a-f]{8}$`),
    );
    expect(second.schemaVersion).toBe(first.schemaVersion);
  });

  it('lets two migrators race without applying anything twice', async () => {
    const database = await fresh();
    // On a server, the second migrator is a separate pool (another process would be the same).
    const other = database.url
      ? await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 })
      : database;
    try {
      const [x, y] = await Promise.all([migrate(database.db), migrate(other.db)]);
      expect([...x.applied, ...y.applied].sort()).toEqual(listMigrations().map((f) => f.name));
      expect([...x.functions, ...y.functions].sort()).toEqual(
        listFunctions()
          .map((f) => f.name)
          .sort(),
      );
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from schema_migrations`.execute(
        database.db,
      );
      expect(rows[0]?.n).toBe(listMigrations().length);
    } finally {
      if (other !== database) await other.close();
    }
  });

  it('waits while another process holds the migration lock', async () => {
    const database = await fresh();
    const other = database.url
      ? await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 })
      : undefined;
    if (!other) {
      // The embedded database has one connection: the lock holder and the migrator cannot interleave at all.
      expect((await migrate(database.db)).applied.length).toBe(listMigrations().length);
      return;
    }
    try {
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      const holder = other.db.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(7231001)`.execute(conn);
        await released;
        await sql`select pg_advisory_unlock(7231001)`.execute(conn);
      });
      await new Promise((r) => setTimeout(r, 100));
      let finished = false;
      const migrating = migrate(database.db).then((r) => {
        finished = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(finished).toBe(false);
      release();
      await holder;
      expect((await migrating).applied.length).toBe(listMigrations().length);
    } finally {
      await other.close();
    }
  });

  it('refuses an applied migration whose text changed', async () => {
    const database = await fresh();
    await migrate(database.db);
    const files = listMigrations();
    const changed = files.map((f, i) => (i === 0 ? { ...f, checksum: 'edited' } : f));
    await expect(migrate(database.db, { migrations: changed })).rejects.toThrow(
      /changed after it was applied/,
    );
  });
});
