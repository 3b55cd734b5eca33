import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../customers/index';
import {
  createApiToken,
  createUser,
  createWorkspace,
  resolveApiToken,
  SYSTEM_PRINCIPAL,
} from '../platform/index';
import { bearer } from '../testing/api';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../testing/db';
import { type ServerProcess, spawnServer } from '../testing/server';
import { connectEventStream, type EventStreamClient } from '../testing/sse-client';

// Two `rapport serve` processes on one PostgreSQL database, as behind a load balancer: an agent's
// stream may be held by either, and a phone system's call may reach the other.
describe.runIf(testDatabaseKinds.includes('postgres'))('screen pops across two server processes', () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let phoneSystem: string;
  let agent: string;
  let ann: string;
  const agentEmail = 'agent@two-servers.example.com';
  const streams: EventStreamClient[] = [];

  const listen = async (server: ServerProcess, headers: Record<string, string> = {}) => {
    const stream = await connectEventStream(`${server.url}/api/events`, { ...bearer(agent), ...headers });
    streams.push(stream);
    expect(stream.status).toBe(200);
    return stream;
  };
  const call = async (server: ServerProcess, from: string) => {
    const response = await fetch(`${server.url}/api/telephony/calls`, {
      method: 'POST',
      headers: { ...bearer(phoneSystem), 'content-type': 'application/json' },
      body: JSON.stringify({ from, to: '+18005550199', agent: agentEmail }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as { interactionId: string; personId: string | null };
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const ws = await createWorkspace(database.db, { slug: 'two-servers', name: 'Two servers' });
    const system = SYSTEM_PRINCIPAL(ws.id);
    const admin = await createUser(database.db, system, {
      email: 'pbx@two-servers.example.com',
      role: 'admin',
    });
    const user = await createUser(database.db, system, { email: agentEmail, role: 'service' });
    phoneSystem = (await createApiToken(database.db, system, { name: 'pbx', userId: admin.id })).token;
    const principal = await resolveApiToken(database.db, phoneSystem);
    agent = (await createApiToken(database.db, principal!, { name: 'agent', userId: user.id })).token;
    ann = (
      await createPerson(database.db, system, {
        firstName: 'Ann',
        lastName: 'Caller',
        phones: ['+1 415 555 0100'],
      })
    ).id;
    [a, b] = await Promise.all([
      spawnServer({ DATABASE_URL: database.url }),
      spawnServer({ DATABASE_URL: database.url }),
    ]);
  }, 240_000);
  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
  });

  it('pops a call posted to server A on the agent’s stream held by server B', async () => {
    expect(a.pid).not.toBe(b.pid);
    const stream = await listen(b);
    const answer = await call(a, '(415) 555-0100');
    const pop = await stream.next('call', 10_000);
    expect(JSON.parse(pop.data)).toMatchObject({
      personId: ann,
      name: 'Ann Caller',
      newCaller: false,
      interactionId: answer.interactionId,
    });
  });

  it('replays, through the other server, the call missed while the stream was down (Last-Event-ID)', async () => {
    const first = await listen(b);
    await call(a, '+1 646 555 0001');
    const seen = await first.next('call', 10_000);
    first.close();
    const missed = await call(b, '+1 646 555 0002');
    const resumed = await listen(a, { 'last-event-id': seen.id! });
    const replayed = await resumed.next('call', 10_000);
    expect(JSON.parse(replayed.data)).toMatchObject({
      from: '+1 646 555 0002',
      interactionId: missed.interactionId,
    });
    expect(Number(replayed.id)).toBeGreaterThan(Number(seen.id));
    // Then live again, from either server.
    await call(b, '+1 646 555 0003');
    expect(JSON.parse((await resumed.next('call', 10_000)).data)).toMatchObject({ from: '+1 646 555 0003' });
    expect(resumed.events.filter((e) => e.event === 'call')).toHaveLength(2);
  });
});
