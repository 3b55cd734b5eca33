import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../testing/db';
import type { Database } from './connection';
import { listenForNotifications } from './notifications';

/** A notification crosses connections: on a busy machine it takes more than a second. */
const poll = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });

describe.runIf(testDatabaseKinds.includes('postgres'))('LISTEN on a connection of its own', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database?.close());

  const notify = (payload: string) =>
    sql`select pg_notify('rapport_test_channel', ${payload})`.execute(database.db);

  it('hears the channel, listens again after its connection is killed, and stops when closed', async () => {
    const heard: string[] = [];
    const errors: Error[] = [];
    let listening = 0;
    const listener = listenForNotifications(
      database,
      'rapport_test_channel',
      {
        notification: (payload) => heard.push(payload),
        listening: () => listening++,
        error: (error) => errors.push(error),
      },
      { retryMs: 50 },
    );
    await listener.ready;
    expect(listening).toBe(1);
    await notify('one');
    await poll(() => heard).toEqual(['one']);

    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and application_name = 'rapport listener'`.execute(database.db);
    await poll(() => listening).toBe(2);
    expect(errors.length).toBeGreaterThan(0);
    await notify('two');
    await poll(() => heard).toEqual(['one', 'two']);

    await listener.close();
    await notify('three');
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toEqual(['one', 'two']);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'rapport listener'`.execute(database.db);
    expect(rows[0]?.n).toBe(0);
  });

  it('is for servers: the embedded database has no other process to hear', () => {
    // Only the kind is read before refusing.
    const embedded = { kind: 'pglite' } as Pick<Database, 'kind'> as Database;
    expect(() => listenForNotifications(embedded, 'x', { notification: () => undefined })).toThrow(
      /PostgreSQL server/,
    );
  });
});
