import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { withTenant } from '../db/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';
import { connectEventStream, type EventStreamClient } from '../testing/sse-client';

const SHARED_EMAIL = 'agent@shared.example.com';

describeEachDatabase('telephony: caller lookup and screen pop', (kind) => {
  let api: TestApi;
  let base: string;
  let a: TestTenant;
  let b: TestTenant;
  let agentA: { id: string; token: string };
  let otherAgentA: { id: string; token: string; email: string };
  let agentB: { id: string; token: string };
  let ann: string;
  let hasScores: boolean;
  let hasTasks: boolean;
  const streams: EventStreamClient[] = [];

  const listen = async (headers: Record<string, string>, query = '') => {
    const stream = await connectEventStream(`${base}/api/events${query}`, headers);
    streams.push(stream);
    return stream;
  };
  const call = (token: string, body: object) =>
    api.app.inject({ method: 'POST', url: '/api/telephony/calls', headers: bearer(token), payload: body });

  beforeAll(async () => {
    api = await createTestApi(kind);
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    a = await api.addTenant('acme-calls');
    b = await api.addTenant('bolt-calls');
    agentA = await api.addUser(a, 'service', SHARED_EMAIL);
    const email = 'second.agent@acme.example.com';
    otherAgentA = { ...(await api.addUser(a, 'service', email)), email };
    // The same email in another workspace: a different user who must never see the first one's calls.
    agentB = await api.addUser(b, 'service', SHARED_EMAIL);
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: bearer(a.adminToken),
      payload: { firstName: 'Ann', lastName: 'Lee', phones: ['(415) 555-0100'] },
    });
    ann = created.json().id;
    await withTenant(api.database.db, a.workspaceId, async (trx) => {
      const { rows } = await sql<{ scores: boolean; tasks: boolean }>`
        select to_regclass('customer_scores') is not null as scores, to_regclass('tasks') is not null as tasks`.execute(
        trx,
      );
      hasScores = rows[0]!.scores;
      hasTasks = rows[0]!.tasks;
      if (hasScores)
        await sql`insert into customer_scores (workspace_id, person_id, rfm_segment, computed_at)
          values (${a.workspaceId}, ${ann}, 'champions', now())`.execute(trx);
      if (hasTasks)
        await sql`insert into tasks (workspace_id, title, due_at, assignee_id, person_id) values
          (${a.workspaceId}, 'Call back', now(), ${agentA.id}, ${ann})`.execute(trx);
    });
  });
  // Each test's streams end with it: a user may hold only so many at once (STREAMS_PER_USER).
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    // Streams still open: closing the server ends them instead of waiting for them.
    await api.close();
    for (const s of streams) s.close();
  });

  it('pops the known caller on the agent’s stream with name, segment and open items', async () => {
    const stream = await listen(bearer(agentA.token));
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    const r = await call(a.adminToken, { from: '415.555.0100', to: '+1 800 555 0199', agent: SHARED_EMAIL });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ personId: ann, interactionId: expect.any(String), newCaller: false });
    const pop = JSON.parse((await stream.next('call')).data);
    expect(pop).toMatchObject({
      personId: ann,
      name: 'Ann Lee',
      newCaller: false,
      from: '415.555.0100',
      fromE164: '+14155550100',
      to: '+1 800 555 0199',
      interactionId: r.json().interactionId,
      segment: hasScores ? 'champions' : null,
      openItems: hasTasks ? { tasks: 1 } : {},
    });
    expect(stream.retry).toBe(3000);
  });

  it('logs the call on the caller’s timeline: phone, inbound, call, with the agent', async () => {
    const r = await call(a.adminToken, { from: '+1 415 555 0100', to: '+18005550199', agent: SHARED_EMAIL });
    const timeline = await api.app.inject({
      method: 'GET',
      url: `/api/people/${ann}/timeline?channel=phone`,
      headers: bearer(a.adminToken),
    });
    expect(timeline.statusCode, timeline.body).toBe(200);
    expect(timeline.json().items[0]).toMatchObject({
      id: r.json().interactionId,
      type: 'call',
      direction: 'inbound',
      agentId: agentA.id,
    });
    const view = await api.app.inject({
      method: 'GET',
      url: `/api/people/${ann}/360`,
      headers: bearer(a.adminToken),
    });
    expect(view.json().interactions[0]).toMatchObject({
      id: r.json().interactionId,
      channel: 'phone',
      direction: 'inbound',
      type: 'call',
      agent: { id: agentA.id },
      metadata: { from: '+1 415 555 0100', to: '+18005550199' },
    });
  });

  it('pops "new caller" with the number for an unknown number, logs the call without a person, and creates no person', async () => {
    const stream = await listen(bearer(agentA.token));
    const before = await countPeople();
    const r = await call(a.adminToken, { from: '(212) 555-0142', to: '+18005550199', agent: SHARED_EMAIL });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ personId: null, newCaller: true, interactionId: expect.any(String) });
    const logged = await withTenant(api.database.db, a.workspaceId, async (trx) =>
      sql<{ person_id: string | null; type: string; identifiers: { phone: string } }>`
        select person_id, type, identifiers from interactions where id = ${r.json().interactionId}`.execute(
        trx,
      ),
    );
    expect(logged.rows).toEqual([{ person_id: null, type: 'call', identifiers: { phone: '+12125550142' } }]);
    const pop = JSON.parse((await stream.next('call')).data);
    expect(pop).toMatchObject({
      personId: null,
      name: null,
      newCaller: true,
      from: '(212) 555-0142',
      fromE164: '+12125550142',
      segment: null,
      openItems: {},
    });
    const withheld = await call(a.adminToken, { from: 'anonymous', to: '+18005550199', agent: SHARED_EMAIL });
    expect(withheld.json()).toMatchObject({
      personId: null,
      newCaller: true,
      interactionId: expect.any(String),
    });
    expect(JSON.parse((await stream.next('call')).data)).toMatchObject({ from: 'anonymous', fromE164: null });
    expect(await countPeople()).toBe(before);
  });

  it('reaches only that agent: not another agent, not the same email in another workspace', async () => {
    const mine = await listen(bearer(agentA.token));
    const colleague = await listen(bearer(otherAgentA.token));
    const elsewhere = await listen(bearer(agentB.token));
    await call(a.adminToken, { from: '415 555 0100', to: '+18005550199', agent: SHARED_EMAIL });
    expect(JSON.parse((await mine.next('call')).data)).toMatchObject({ personId: ann });
    // Each stream's first call is its own: had A's call reached them, it would have come first.
    await call(a.adminToken, { from: '+1 646 555 0001', to: '+18005550199', agent: otherAgentA.email });
    await call(b.adminToken, { from: '+1 646 555 0002', to: '+18005550199', agent: SHARED_EMAIL });
    expect(JSON.parse((await colleague.next('call')).data)).toMatchObject({ from: '+1 646 555 0001' });
    expect(JSON.parse((await elsewhere.next('call')).data)).toMatchObject({ from: '+1 646 555 0002' });
    expect(colleague.events.filter((e) => e.event === 'call')).toHaveLength(1);
    expect(elsewhere.events.filter((e) => e.event === 'call')).toHaveLength(1);
    expect(mine.events.filter((e) => e.event === 'call')).toHaveLength(1);
  });

  it('replays the calls missed while disconnected to a client that sends Last-Event-ID', async () => {
    const first = await listen(bearer(agentA.token));
    await call(a.adminToken, { from: '+1 646 555 0010', to: '+18005550199', agent: SHARED_EMAIL });
    const seen = await first.next('call');
    first.close();
    await call(a.adminToken, { from: '+1 646 555 0011', to: '+18005550199', agent: SHARED_EMAIL });
    const again = await listen({ ...bearer(agentA.token), 'last-event-id': seen.id as string });
    const missed = await again.next('call');
    expect(JSON.parse(missed.data)).toMatchObject({ from: '+1 646 555 0011' });
    expect(Number(missed.id)).toBeGreaterThan(Number(seen.id));
  });

  it('replays a call made while no stream was open to a new stream that opens with ?lastEventId', async () => {
    // What the web client does after a drop: a new EventSource, which sends no Last-Event-ID header.
    const first = await listen(bearer(agentA.token));
    await call(a.adminToken, { from: '+1 646 555 0030', to: '+18005550199', agent: SHARED_EMAIL });
    const seen = await first.next('call');
    first.close();
    await call(a.adminToken, { from: '+1 646 555 0031', to: '+18005550199', agent: SHARED_EMAIL });
    const again = await listen(bearer(agentA.token), `?lastEventId=${seen.id}`);
    expect(again.status).toBe(200);
    const missed = await again.next('call');
    expect(JSON.parse(missed.data)).toMatchObject({ from: '+1 646 555 0031' });
    expect(Number(missed.id)).toBeGreaterThan(Number(seen.id));
    // Without an id, a new stream gets only what comes next.
    const fresh = await listen(bearer(agentA.token));
    await call(a.adminToken, { from: '+1 646 555 0032', to: '+18005550199', agent: SHARED_EMAIL });
    expect(JSON.parse((await fresh.next('call')).data)).toMatchObject({ from: '+1 646 555 0032' });
  });

  it('takes the Last-Event-ID header over the parameter (EventSource retries a URL it opened earlier)', async () => {
    const first = await listen(bearer(agentA.token));
    await call(a.adminToken, { from: '+1 646 555 0040', to: '+18005550199', agent: SHARED_EMAIL });
    const older = await first.next('call');
    await call(a.adminToken, { from: '+1 646 555 0041', to: '+18005550199', agent: SHARED_EMAIL });
    const newer = await first.next('call');
    first.close();
    const again = await listen(
      { ...bearer(agentA.token), 'last-event-id': newer.id as string },
      `?lastEventId=${older.id}`,
    );
    await call(a.adminToken, { from: '+1 646 555 0042', to: '+18005550199', agent: SHARED_EMAIL });
    // Had the parameter won, 0041 would have been replayed first.
    expect(JSON.parse((await again.next('call')).data)).toMatchObject({ from: '+1 646 555 0042' });
  });

  it('never replays another user’s calls, whatever id a stream opens with', async () => {
    const mine = await listen(bearer(agentA.token));
    await call(a.adminToken, { from: '+1 646 555 0050', to: '+18005550199', agent: SHARED_EMAIL });
    await mine.next('call');
    mine.close();
    await call(a.adminToken, { from: '+1 646 555 0051', to: '+18005550199', agent: SHARED_EMAIL });
    // From id 0: everything the hub keeps for that user, and only for that user.
    const colleague = await listen(bearer(otherAgentA.token), '?lastEventId=0');
    const elsewhere = await listen(bearer(agentB.token), '?lastEventId=0');
    await call(a.adminToken, { from: '+1 646 555 0052', to: '+18005550199', agent: otherAgentA.email });
    await call(b.adminToken, { from: '+1 646 555 0053', to: '+18005550199', agent: SHARED_EMAIL });
    const froms = (s: EventStreamClient) =>
      s.events.filter((e) => e.event === 'call').map((e) => JSON.parse(e.data).from as string);
    // A replay comes before anything new, so once the new call is in, every replayed one is too.
    await expect.poll(() => froms(colleague)).toContain('+1 646 555 0052');
    await expect.poll(() => froms(elsewhere)).toContain('+1 646 555 0053');
    for (const from of [...froms(colleague), ...froms(elsewhere)])
      expect(from).not.toMatch(/^\+1 646 555 005[01]$/);
    // The agent's own replay from 0 has both.
    const own = await listen(bearer(agentA.token), '?lastEventId=0');
    await call(a.adminToken, { from: '+1 646 555 0054', to: '+18005550199', agent: SHARED_EMAIL });
    await expect.poll(() => froms(own)).toContain('+1 646 555 0054');
    expect(froms(own)).toEqual(expect.arrayContaining(['+1 646 555 0050', '+1 646 555 0051']));
  });

  it.each([
    ['letters', 'abc'],
    ['a negative number', '-1'],
    ['a fraction', '1.5'],
    ['too many digits', '12345678901234567'],
    ['nothing', ''],
  ])('rejects a lastEventId of %s with 400 naming the parameter', async (_case, value) => {
    const r = await api.app.inject({
      method: 'GET',
      url: `/api/events?lastEventId=${encodeURIComponent(value)}`,
      headers: bearer(agentA.token),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'validation_failed', field: 'lastEventId' });
  });

  it('authenticates the stream like every call: session cookie or bearer, else 401', async () => {
    const anonymous = await listen({});
    expect(anonymous.status).toBe(401);
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { workspace: 'acme-calls', email: otherAgentA.email, password: 'correct horse battery' },
    });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const stream = await listen({ cookie });
    expect(stream.status).toBe(200);
    await call(a.adminToken, { from: '+1 646 555 0020', to: '+18005550199', agent: otherAgentA.email });
    expect(JSON.parse((await stream.next('call')).data)).toMatchObject({ from: '+1 646 555 0020' });
  });

  it('logs a retried call once when the phone system sends its call id', async () => {
    const body = { from: '415-555-0100', to: '+18005550199', agent: SHARED_EMAIL, callId: 'pbx-42' };
    const first = (await call(a.adminToken, body)).json();
    const retry = (await call(a.adminToken, body)).json();
    expect(retry.interactionId).toBe(first.interactionId);
  });

  it('rejects an agent who is not a user of the workspace, and bad bodies, naming the field', async () => {
    const stranger = await call(a.adminToken, {
      from: '4155550100',
      to: '1',
      agent: 'nobody@acme.example.com',
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.field).toBe('agent');
    const missing = await call(a.adminToken, { from: '4155550100', agent: SHARED_EMAIL });
    expect(missing.statusCode).toBe(400);
    const extra = await call(a.adminToken, { from: '1', to: '2', agent: SHARED_EMAIL, colour: 'red' });
    expect(extra.statusCode).toBe(400);
  });

  async function countPeople(): Promise<number> {
    return withTenant(api.database.db, a.workspaceId, async (trx) => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from people`.execute(trx);
      return rows[0]!.n;
    });
  }
});
