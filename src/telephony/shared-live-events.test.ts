import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db/index';
import { createUser, createWorkspace, SYSTEM_PRINCIPAL } from '../platform/index';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../testing/db';
import { LIVE_EVENTS_CHANNEL } from './live-event-repository';
import type { LiveEvent, Subscriber } from './live-events';
import { SharedLiveEvents } from './shared-live-events';

/** Delivery crosses connections and the database: on a busy machine it takes more than a second. */
const poll = <T>(fn: () => T) => expect.poll(fn, { timeout: 15_000 });

/** A subscriber that keeps what it gets. */
const collect = () => {
  const got: LiveEvent[] = [];
  let ended = false;
  const subscriber: Subscriber = {
    send: (event) => got.push(event),
    end: () => {
      ended = true;
    },
  };
  return { got, subscriber, ended: () => ended };
};

// Two processes on one server database, each with its own pool and listening connection (a second
// `openDatabase` on the same URL is what another process has); the two-process test is
// src/telephony/two-servers.test.ts.
describe.runIf(testDatabaseKinds.includes('postgres'))('live events shared through PostgreSQL', () => {
  let database: TestDatabase;
  let other: Database;
  let a: SharedLiveEvents;
  let b: SharedLiveEvents;
  let ws: string;
  let ann: string;
  let bo: string;
  const errors: Error[] = [];
  const errorsOfB: Error[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    other = await openDatabase({ kind: 'postgres', url: database.url!, poolSize: 3 });
    ws = (await createWorkspace(database.db, { slug: 'shared-live', name: 'Shared live' })).id;
    ann = (
      await createUser(database.db, SYSTEM_PRINCIPAL(ws), { email: 'ann@live.example.com', role: 'service' })
    ).id;
    bo = (
      await createUser(database.db, SYSTEM_PRINCIPAL(ws), { email: 'bo@live.example.com', role: 'service' })
    ).id;
    a = new SharedLiveEvents(database, { onError: (e) => errors.push(e) });
    // B waits 3 s before listening again after a drop: long enough to publish while it does not listen.
    b = new SharedLiveEvents(other, { onError: (e) => errorsOfB.push(e), listen: { retryMs: 3000 } });
    await Promise.all([a.ready(), b.ready()]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await other?.close();
    await database?.close();
  });

  it("delivers a publish of one process to the user's streams in every process, and to no one else", async () => {
    const annOnB = collect();
    const annOnA = collect();
    const boOnB = collect();
    b.subscribe(ws, ann, annOnB.subscriber);
    a.subscribe(ws, ann, annOnA.subscriber);
    b.subscribe(ws, bo, boOnB.subscriber);
    // Published right after they opened (before they have read where they start): theirs.
    const event = await a.publish(ws, ann, 'call', { name: 'Ann Caller' });
    await poll(() => annOnB.got).toEqual([event]);
    await poll(() => annOnA.got).toEqual([event]);
    expect(boOnB.got).toEqual([]);
    expect(b.workspaceSubscriberCount(ws)).toBe(2);
  });

  it('sends a pop too large for NOTIFY by reference, and delivers it whole', async () => {
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    const payloads: string[] = [];
    raw.on('notification', (m) => payloads.push(m.payload ?? ''));
    await raw.query(`listen ${LIVE_EVENTS_CHANNEL}`);
    try {
      const stream = collect();
      b.subscribe(ws, bo, stream.subscriber);
      const data = { name: 'Zoë Ærø 東京', notes: 'é'.repeat(6000), openItems: { tasks: 3 } };
      expect(Buffer.byteLength(JSON.stringify(data))).toBeGreaterThan(12_000);
      const event = await a.publish(ws, bo, 'call', data);
      await poll(() => stream.got.map((e) => e.id)).toContain(event.id);
      expect(stream.got.find((e) => e.id === event.id)).toEqual({ ...event, data });
      await poll(() => payloads.length).toBeGreaterThan(0);
      const notice = JSON.parse(payloads.at(-1)!);
      expect(notice).toEqual({ w: ws, u: bo, id: event.id, type: 'call', at: event.at });
      expect(Buffer.byteLength(payloads.at(-1)!)).toBeLessThan(8000);
      // A small one travels whole.
      await a.publish(ws, bo, 'call', { name: 'Bo' });
      await poll(() => payloads.length).toBe(2);
      expect(JSON.parse(payloads[1]!).data).toEqual({ name: 'Bo' });
    } finally {
      await raw.end();
    }
  });

  it('replays, through another process, what a user missed after Last-Event-ID, in order', async () => {
    const first = await a.publish(ws, ann, 'call', { n: 1 });
    const second = await a.publish(ws, ann, 'call', { n: 2 });
    const third = await b.publish(ws, ann, 'call', { n: 3 });
    expect(second.id).toBeGreaterThan(first.id);
    expect(third.id).toBeGreaterThan(second.id);
    const resumed = collect();
    b.subscribe(ws, ann, resumed.subscriber, first.id);
    await poll(() => resumed.got.map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }]);
    const fourth = await a.publish(ws, ann, 'call', { n: 4 });
    await poll(() => resumed.got.map((e) => e.id)).toEqual([second.id, third.id, fourth.id]);
  });

  it('keeps delivering after its listening connection drops, and loses nothing published meanwhile', async () => {
    const stream = collect();
    b.subscribe(ws, bo, stream.subscriber);
    const before = await a.publish(ws, bo, 'call', { n: 'before' });
    await poll(() => stream.got.map((e) => e.id)).toContain(before.id);
    const failures = errorsOfB.length;
    const { rows } = await sql<{ n: number }>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'rapport listener'`.execute(database.db);
    expect(rows[0]?.n).toBe(2);
    await poll(() => errorsOfB.length).toBeGreaterThan(failures);
    // Published while B does not listen: its notification never reaches B.
    const during = await a.publish(ws, bo, 'call', { n: 'during' });
    expect(stream.got.map((e) => e.id)).not.toContain(during.id);
    await poll(() => stream.got.map((e) => e.id)).toContain(during.id);
    const after = await a.publish(ws, bo, 'call', { n: 'after' });
    await poll(() => stream.got.map((e) => e.id)).toContain(after.id);
    const ids = stream.got.map((e) => e.id);
    expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y)); // once each, in order
    expect(stream.ended()).toBe(false);
  });

  it('trims what it keeps: the newest per user, none older than kept', async () => {
    const small = new SharedLiveEvents(database, { keep: 2 });
    try {
      await small.ready();
      for (let i = 0; i < 4; i++) await small.publish(ws, ann, 'call', { i });
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from live_events where workspace_id = ${ws} and user_id = ${ann}`.execute(
        database.db,
      );
      expect(rows[0]?.n).toBe(2);
    } finally {
      await small.close();
    }
  });
});
