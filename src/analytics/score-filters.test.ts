import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseScoreFilters, scoredPeople } from '../customers/index';
import { withTenant } from '../db/index';
import { JobRunner } from '../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';
import { analyticsJobHandlers } from './service/jobs';

/**
 * Scores written onto each customer are usable in list filters (GET /api/people?segment=…,
 * churnRisk.gte=…, clv.gte=…) and shown in the 360.
 *
 * Five people with hand-set scores (the job's output columns):
 *   P1 champions       clv 900.5  P(alive) 0.95  churn 0.05  web    decile 1
 *   P2 loyal           clv 400    P(alive) 0.70  churn 0.30  store  decile 2
 *   P3 at_risk         clv 120    P(alive) 0.15  churn 0.85  web    decile 6
 *   P4 lost            clv 0      P(alive) 0.01  churn 0.99  phone  decile 10
 *   P5 potential_loyalist, no CLV or P(alive) (the model could not be fitted)
 *   P6 no scores at all
 */
const P = (n: number) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

describeEachDatabase('score filters on the people list, and scores in the 360', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('scores-a');
    b = await api.addTenant('scores-b');
    const db = api.database.db;
    for (const tenant of [a, b]) {
      for (let n = 1; n <= 6; n++) {
        await sql`insert into people (workspace_id, id, display_name)
          values (${tenant.workspaceId}, ${tenant === a ? P(n) : P(n + 10)}, ${`Person ${n}`})`.execute(db);
      }
    }
    const rows: [number, string, number | null, number | null, string, number][] = [
      [1, 'champions', 900.5, 0.95, 'web', 1],
      [2, 'loyal', 400, 0.7, 'store', 2],
      [3, 'at_risk', 120, 0.15, 'web', 6],
      [4, 'lost', 0, 0.01, 'phone', 10],
      [5, 'potential_loyalist', null, null, 'email', 5],
    ];
    for (const [n, segment, clv, pAlive, channel, decile] of rows) {
      await sql`insert into customer_scores (workspace_id, person_id, rfm_segment, clv, p_alive, churn_risk,
          preferred_channel, profit_decile, computed_at)
        values (${a.workspaceId}, ${P(n)}, ${segment}, ${clv}, ${pAlive},
          ${pAlive === null ? null : 1 - pAlive}, ${channel}, ${decile}, now())`.execute(db);
    }
    // Workspace b: every person a champion with churn risk 0.99, to show the filters stay in a's rows.
    for (let n = 1; n <= 6; n++) {
      await sql`insert into customer_scores (workspace_id, person_id, rfm_segment, clv, p_alive, churn_risk, computed_at)
        values (${b.workspaceId}, ${P(n + 10)}, 'champions', 1000, 0.01, 0.99, now())`.execute(db);
    }
  });
  afterAll(() => api.close());

  const list = async (token: string, query: string) => {
    const res = await api.app.inject({ method: 'GET', url: `/api/people?${query}`, headers: bearer(token) });
    return {
      status: res.statusCode,
      body: res.json(),
      ids:
        res.statusCode === 200
          ? res
              .json()
              .items.map((p: { id: string }) => p.id)
              .sort()
          : [],
    };
  };

  it('filters by segment (one or a comma list), preferred channel and profit decile', async () => {
    expect((await list(a.adminToken, 'segment=champions')).ids).toEqual([P(1)]);
    expect((await list(a.adminToken, 'segment=champions,at_risk')).ids).toEqual([P(1), P(3)]);
    expect((await list(a.adminToken, 'segment=potential%20loyalist')).ids).toEqual([P(5)]);
    expect((await list(a.adminToken, 'preferredChannel=web')).ids).toEqual([P(1), P(3)]);
    expect((await list(a.adminToken, 'profitDecile.lte=2')).ids).toEqual([P(1), P(2)]);
    expect((await list(a.adminToken, 'profitDecile=10')).ids).toEqual([P(4)]);
  });

  it('filters by churn risk, P(alive) and CLV ranges; people without that score never match', async () => {
    expect((await list(a.adminToken, 'churnRisk.gte=0.8')).ids).toEqual([P(3), P(4)]);
    expect((await list(a.adminToken, 'churnRisk.gt=0.85')).ids).toEqual([P(4)]);
    expect((await list(a.adminToken, 'pAlive.lt=0.2')).ids).toEqual([P(3), P(4)]);
    expect((await list(a.adminToken, 'clv.gte=400')).ids).toEqual([P(1), P(2)]);
    expect((await list(a.adminToken, 'clv.gt=900.4')).ids).toEqual([P(1)]);
    expect((await list(a.adminToken, 'clv.lte=120')).ids).toEqual([P(3), P(4)]);
    // Combined with each other and with the other filters.
    expect((await list(a.adminToken, 'segment=at_risk,lost&clv.gte=100')).ids).toEqual([P(3)]);
    expect((await list(a.adminToken, 'churnRisk.gte=0.8&namePrefix=person%204')).ids).toEqual([P(4)]);
    // Workspace b's champions are not a's.
    expect((await list(b.adminToken, 'segment=champions&churnRisk.gte=0.9')).ids).toHaveLength(6);
    expect((await list(b.adminToken, 'segment=lost')).ids).toEqual([]);
  });

  it('answers a bad score filter with 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['churnRisk.gte=high', 'churnRisk.gte'],
      ['churnRisk.gte=1.5', 'churnRisk.gte'],
      ['pAlive.lt=', 'pAlive.lt'],
      ['clv.gte=lots', 'clv.gte'],
      ['profitDecile=11', 'profitDecile'],
      ['profitDecile.gte=2.5', 'profitDecile'],
      ['segment.gte=champions', 'segment.gte'],
      ['segment=drop;table', 'segment'],
      ['segment=', 'segment'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await list(a.adminToken, query);
      expect([query, status]).toEqual([query, 400]);
      expect([query, body.error.field.startsWith(field)]).toEqual([query, true]);
    }
    const unknown = await list(a.adminToken, 'churnRisk.between=1');
    expect(unknown.status).toBe(400);
  });

  it('needs analytics read: a role that may read people but not scores cannot filter on them', async () => {
    const role = await api.app.inject({
      method: 'POST',
      url: '/api/roles',
      headers: bearer(a.adminToken),
      payload: { name: 'desk-no-analytics', grants: { people: { read: 'all' } } },
    });
    expect(role.statusCode).toBe(201);
    const desk = await api.addUser(a, 'desk-no-analytics');
    expect((await list(desk.token, 'limit=10')).ids).toHaveLength(6);
    const denied = await list(desk.token, 'segment=champions');
    expect([denied.status, denied.body.error.code]).toEqual([403, 'forbidden']);
  });

  it('reads each filter as an index range inside a tenant transaction (row-level security on)', async () => {
    // A workspace of 2,000 scored people, analysed, so the planner costs the indexes as on real data.
    const d = await api.addTenant('scores-plan');
    const db = api.database.db;
    await sql`insert into people (workspace_id, id, display_name)
      select ${d.workspaceId}::uuid, gen_random_uuid(), 'P' || g from generate_series(1, 2000) g`.execute(db);
    await sql`insert into customer_scores (workspace_id, person_id, rfm_segment, clv, p_alive, churn_risk,
        preferred_channel, profit_decile, computed_at)
      select workspace_id, id, (array['champions','loyal','new','at_risk','lost','hibernating','promising',
          'need_attention','about_to_sleep','cannot_lose','potential_loyalist'])[1 + n % 11],
        n % 1000, (n % 100) / 100.0, 1 - (n % 100) / 100.0, (array['web','store','phone','email'])[1 + n % 4],
        1 + n % 10, now()
      from (select workspace_id, id, row_number() over (order by id) as n from people
            where workspace_id = ${d.workspaceId}) p`.execute(db);
    await sql`analyze customer_scores`.execute(db);
    const plan = async (query: Parameters<typeof parseScoreFilters>[0][number]) =>
      withTenant(db, d.workspaceId, async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
        const [filter] = parseScoreFilters([query]);
        const ids = scoredPeople(d.workspaceId, filter as NonNullable<typeof filter>);
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${ids}`.execute(trx);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    const churn = await plan({ param: 'churnRisk.gte', value: '0.95' });
    expect(churn).toMatch(/customer_scores\w*_churn_risk/);
    expect(churn).toMatch(/Index (Only )?Cond: .*churn_risk >= /);
    const clv = await plan({ param: 'clv.gte', value: '990' });
    expect(clv).toMatch(/customer_scores\w*_clv/);
    expect(clv).toMatch(/Index (Only )?Cond: .*clv >= /);
    const segment = await plan({ param: 'segment', value: 'champions,loyal' });
    expect(segment).toMatch(/customer_scores\w*_segment/);
    expect(segment).toMatch(/Index (Only )?Cond: .*rfm_segment = ANY/);
    const decile = await plan({ param: 'profitDecile.lte', value: '1' });
    expect(decile).toMatch(/Index (Only )?Cond: .*profit_decile <= /);
  });

  it('after the recompute job, the 360 shows the scores and the list filters find the person', async () => {
    const c = await api.addTenant('scores-c');
    const db = api.database.db;
    const ann = P(21);
    const bob = P(22);
    await sql`insert into people (workspace_id, id, display_name)
      values (${c.workspaceId}, ${ann}, 'Ann'), (${c.workspaceId}, ${bob}, 'Bob')`.execute(db);
    const orders: [string, string, number][] = [
      [ann, '2024-01-10T10:00:00Z', 100],
      [ann, '2024-02-10T10:00:00Z', 150],
      [ann, '2024-03-10T10:00:00Z', 120],
      [bob, '2023-06-01T10:00:00Z', 30],
    ];
    for (const [person, at, total] of orders) {
      await sql`insert into orders (workspace_id, person_id, ordered_at, channel, status, total, cost_total)
        values (${c.workspaceId}, ${person}, ${at}, 'web', 'fulfilled', ${total}, 0)`.execute(db);
    }
    const queued = await api.app.inject({
      method: 'POST',
      url: '/api/analytics/scores/recompute',
      headers: bearer(c.adminToken),
    });
    expect(queued.statusCode).toBe(202);
    expect(await new JobRunner(db, analyticsJobHandlers(), { workerId: 'test' }).drain()).toBe(1);
    const view = (
      await api.app.inject({ method: 'GET', url: `/api/people/${ann}/360`, headers: bearer(c.adminToken) })
    ).json();
    // Two customers: rank k of n scores floor(5k / n) + 1, so Ann (best) has R 3, F 3: need_attention;
    // Bob R 1, F 1: lost. Profit deciles floor(10k / n) + 1: Ann 1, Bob 6.
    expect(view.scores).toMatchObject({
      rfmSegment: 'need_attention',
      rfmFrequency: 3,
      profitDecile: 1,
      preferredChannel: 'web',
    });
    const bobView = (
      await api.app.inject({ method: 'GET', url: `/api/people/${bob}/360`, headers: bearer(c.adminToken) })
    ).json();
    expect(bobView.scores.rfmSegment).toBe('lost');
    expect((await list(c.adminToken, 'segment=need%20attention')).ids).toEqual([ann]);
    expect((await list(c.adminToken, 'segment=lost&profitDecile=6')).ids).toEqual([bob]);
    // P(alive) and churn risk are written when the purchase model fits, and then filter alike.
    if (view.scores.pAlive !== null) {
      const risk = view.scores.churnRisk as number;
      expect(risk).toBeCloseTo(1 - view.scores.pAlive, 12);
      expect((await list(c.adminToken, `churnRisk.gte=${risk}`)).ids).toContain(ann);
      expect((await list(c.adminToken, `churnRisk.lt=${risk}`)).ids).not.toContain(ann);
    }
  });
});
