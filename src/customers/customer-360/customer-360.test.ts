import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Tx } from '../../db/index';
import { withTenant } from '../../db/index';
import { createRole, SYSTEM_PRINCIPAL } from '../../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';

describeEachDatabase('customer 360', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let ann: string;
  let accountId: string;
  let hasScores: boolean;
  let hasTasks: boolean;

  const get360 = (token: string, id: string) =>
    api.app.inject({ method: 'GET', url: `/api/people/${id}/360`, headers: bearer(token) });
  const inA = <T>(fn: (trx: Tx) => Promise<T>) => withTenant(api.database.db, a.workspaceId, fn);

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme-360');
    b = await api.addTenant('bolt-360');
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: bearer(a.adminToken),
      payload: {
        firstName: 'Ann',
        lastName: 'Lee',
        emails: ['Ann.Lee@Example.com'],
        phones: ['(415) 555-0100'],
      },
    });
    ann = created.json().id;
    const ws = a.workspaceId;
    await inA(async (trx) => {
      const { rows } = await sql<{ id: string }>`
        insert into accounts (workspace_id, name, domain, industry) values (${ws}, 'Acme Corporation', 'acme.com', 'retail')
        returning id`.execute(trx);
      accountId = rows[0]!.id;
      await sql`update people set account_id = ${accountId}, lifecycle_stage = 'customer' where workspace_id = ${ws} and id = ${ann}`.execute(
        trx,
      );
      await sql`insert into lifecycle_changes (workspace_id, person_id, from_stage, to_stage, changed_at)
        values (${ws}, ${ann}, 'awareness', 'customer', '2026-01-05T09:00:00Z')`.execute(trx);
      // 25 interactions a day apart: the 360 shows the latest 20, newest first.
      await sql`insert into interactions (workspace_id, person_id, channel, direction, type, occurred_at, agent_id, summary)
        select ${ws}, ${ann}, 'web', 'inbound', 'page_view', timestamptz '2026-01-01T00:00:00Z' + n * interval '1 day',
          ${a.adminId}, 'visit ' || n
        from generate_series(1, 25) n`.execute(trx);
      await sql`insert into orders (workspace_id, person_id, ordered_at, channel, status, total) values
        (${ws}, ${ann}, '2026-01-10T10:00:00Z', 'web', 'fulfilled', 100.50),
        (${ws}, ${ann}, '2026-01-20T10:00:00Z', 'store', 'placed', 20.25),
        (${ws}, ${ann}, '2026-01-25T10:00:00Z', 'web', 'cancelled', 999)`.execute(trx);
      await sql`insert into consent_events (workspace_id, person_id, channel, purpose, state, source, recorded_at) values
        (${ws}, ${ann}, 'email', 'marketing', 'granted', 'web form', '2026-01-01T00:00:00Z'),
        (${ws}, ${ann}, 'email', 'marketing', 'withdrawn', 'unsubscribe link', '2026-01-02T00:00:00Z'),
        (${ws}, ${ann}, 'sms', 'service', 'granted', 'call centre', '2026-01-03T00:00:00Z')`.execute(trx);
      const { rows: tables } = await sql<{ scores: boolean; tasks: boolean }>`
        select to_regclass('customer_scores') is not null as scores, to_regclass('tasks') is not null as tasks`.execute(
        trx,
      );
      hasScores = tables[0]!.scores;
      hasTasks = tables[0]!.tasks;
      if (hasScores) {
        await sql`insert into customer_scores (workspace_id, person_id, rfm_segment, clv, p_alive, churn_risk,
            preferred_channel, profit_decile, computed_at)
          values (${ws}, ${ann}, 'champions', 812.40, 0.93, 0.07, 'web', 9, now())`.execute(trx);
      }
      if (hasTasks) {
        await sql`insert into tasks (workspace_id, title, due_at, assignee_id, person_id, done_at) values
          (${ws}, 'Call back about the refund', '2026-02-01T09:00:00Z', ${a.adminId}, ${ann}, null),
          (${ws}, 'Already done', '2026-01-15T09:00:00Z', ${a.adminId}, ${ann}, now())`.execute(trx);
      }
    });
  });
  afterAll(() => api.close());

  it('answers the profile, identities, account, lifecycle and consent in one object', async () => {
    const r = await get360(a.adminToken, ann);
    expect(r.statusCode, r.body).toBe(200);
    const view = r.json();
    expect(view.id).toBe(ann);
    expect(view.profile).toMatchObject({
      id: ann,
      firstName: 'Ann',
      lastName: 'Lee',
      displayName: 'Ann Lee',
    });
    expect(view.profile.identities).toBeUndefined();
    expect(view.identities.map((i: { value: string }) => i.value).sort()).toEqual([
      '+14155550100',
      'ann.lee@example.com',
    ]);
    expect(view.account).toMatchObject({ id: accountId, name: 'Acme Corporation', domain: 'acme.com' });
    expect(view.lifecycle).toEqual({ stage: 'customer', since: '2026-01-05T09:00:00.000Z' });
    // The state now: the withdrawal replaced the grant for email marketing.
    expect(view.consent).toEqual([
      expect.objectContaining({ channel: 'email', purpose: 'marketing', state: 'withdrawn' }),
      expect.objectContaining({ channel: 'sms', purpose: 'service', state: 'granted' }),
    ]);
  });

  it('answers the latest 20 interactions newest first, and the orders summary without cancelled orders', async () => {
    const view = (await get360(a.adminToken, ann)).json();
    expect(view.interactions).toHaveLength(20);
    expect(view.interactions[0]).toMatchObject({
      summary: 'visit 25',
      channel: 'web',
      type: 'page_view',
      occurredAt: '2026-01-26T00:00:00.000Z',
      agent: { id: a.adminId },
    });
    expect(view.interactions[19].summary).toBe('visit 6');
    expect(view.ordersSummary).toMatchObject({ count: 2, revenue: 120.75, currency: 'USD' });
    expect(view.ordersSummary.lastOrder).toMatchObject({
      status: 'cancelled',
      orderedAt: '2026-01-25T10:00:00.000Z',
    });
  });

  it('fills the slots of later issues: scores, open tasks; cases, opportunities and next best offer empty', async () => {
    const view = (await get360(a.adminToken, ann)).json();
    if (hasScores) {
      expect(view.scores).toMatchObject({
        rfmSegment: 'champions',
        clv: 812.4,
        pAlive: 0.93,
        churnRisk: 0.07,
        preferredChannel: 'web',
        profitDecile: 9,
      });
    } else expect(view.scores).toBeNull();
    if (hasTasks) {
      expect(view.openTasks).toHaveLength(1);
      expect(view.openTasks[0]).toMatchObject({
        title: 'Call back about the refund',
        dueAt: '2026-02-01T09:00:00.000Z',
      });
    } else expect(view.openTasks).toEqual([]);
    expect(view.openCases).toEqual([]);
    expect(view.openOpportunities).toEqual([]);
    expect(view.nextBestOffer).toBeNull();
  });

  it('an empty person has empty sections, not errors', async () => {
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: bearer(a.adminToken),
      payload: { displayName: 'Nobody Yet' },
    });
    const view = (await get360(a.adminToken, r.json().id)).json();
    expect(view).toMatchObject({
      identities: [],
      consent: [],
      account: null,
      interactions: [],
      openTasks: [],
      ordersSummary: { count: 0, revenue: 0, currency: null, lastOrder: null },
      scores: null,
      lifecycle: { stage: 'awareness' },
    });
  });

  it('is 404 from another workspace and for an unknown id; needs a login', async () => {
    expect((await get360(b.adminToken, ann)).statusCode).toBe(404);
    expect((await get360(a.adminToken, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: `/api/people/${ann}/360` })).statusCode).toBe(401);
  });

  it('after a merge, the old id leads to the survivor, whose 360 holds both histories', async () => {
    const add = async (payload: object) =>
      (
        await api.app.inject({ method: 'POST', url: '/api/people', headers: bearer(a.adminToken), payload })
      ).json().id as string;
    const survivor = await add({ displayName: 'Bo Survivor', emails: ['bo@example.com'] });
    const merged = await add({ displayName: 'Bo Duplicate', phones: ['+1 212 555 0177'] });
    await inA((trx) =>
      sql`insert into interactions (workspace_id, person_id, channel, direction, type, occurred_at, summary)
        values (${a.workspaceId}, ${merged}, 'phone', 'inbound', 'call', now(), 'called before the merge')`.execute(
        trx,
      ),
    );
    const merge = await api.app.inject({
      method: 'POST',
      url: '/api/people/merge',
      headers: bearer(a.adminToken),
      payload: { survivorId: survivor, mergedId: merged, dryRun: false },
    });
    expect(merge.statusCode, merge.body).toBe(200);
    const old = await get360(a.adminToken, merged);
    expect(old.statusCode).toBe(308);
    expect(old.headers.location).toBe(`/api/people/${survivor}/360`);
    const view = (await get360(a.adminToken, survivor)).json();
    expect(view.identities.map((i: { value: string }) => i.value).sort()).toEqual([
      '+12125550177',
      'bo@example.com',
    ]);
    expect(view.interactions.map((i: { summary: string }) => i.summary)).toContain('called before the merge');
  });

  it('leaves out the sections a role may not read', async () => {
    const analyst = await api.addUser(a, 'analyst');
    expect((await get360(analyst.token, ann)).statusCode).toBe(200);
    await createRole(api.database.db, SYSTEM_PRINCIPAL(a.workspaceId), {
      name: 'people-only',
      grants: { people: { read: 'all' } },
    });
    const narrow = await api.addUser(a, 'people-only');
    const view = (await get360(narrow.token, ann)).json();
    expect(view.identities).toHaveLength(2);
    expect(view).toMatchObject({
      account: null,
      interactions: [],
      scores: null,
      ordersSummary: { count: 0 },
    });
  });
});
