import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';

const DAY = 86_400;

describeEachDatabase('lifecycle history and funnel', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  const people: Record<string, string> = {};
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });

  /** A person with stage changes at given days of January 2025 (negative: December 2024). */
  const personWith = async (name: string, changes: [number, string][]) => {
    const ws = a.workspaceId;
    const last = changes.at(-1)?.[1] ?? 'awareness';
    const { rows } = await sql<{ id: string }>`
      insert into people (workspace_id, display_name, lifecycle_stage) values (${ws}, ${name}, ${last})
      returning id`.execute(api.database.db);
    const id = rows[0]!.id;
    let from: string | null = null;
    for (const [day, stage] of changes) {
      await sql`insert into lifecycle_changes (workspace_id, person_id, from_stage, to_stage, changed_at)
        values (${ws}, ${id}, ${from}, ${stage}, timestamptz '2025-01-01T00:00:00Z' + ${day - 1} * interval '1 day')`.execute(
        api.database.db,
      );
      from = stage;
    }
    people[name] = id;
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
    await personWith('P1', [
      [1, 'awareness'],
      [3, 'consideration'],
      [4, 'customer'],
    ]);
    await personWith('P2', [
      [1, 'awareness'],
      [5, 'consideration'],
    ]);
    await personWith('P3', [
      [2, 'awareness'],
      [11, 'churned'],
    ]);
    await personWith('P4', [[4, 'awareness']]);
    await personWith('P5', [
      [-30, 'awareness'],
      [2, 'consideration'],
      [10, 'customer'],
    ]);
  });
  afterAll(() => api.close());

  it('measures the funnel of January 2025 as computed by hand', async () => {
    const r = await call(a.adminToken, 'GET', '/api/lifecycle/funnel?from=2025-01-01&to=2025-02-01');
    expect(r.statusCode).toBe(200);
    const funnel = r.json();
    expect(funnel).toMatchObject({ from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' });
    const stage = (name: string) => funnel.stages.find((s: { stage: string }) => s.stage === name);
    // Awareness entered in January by P1, P2, P3, P4 (P5's was in December): left after 2, 4 and 9 days
    // (P4 still there): median 4 days, mean 5 days; 2 of 4 went on to consideration, 1 of 4 churned.
    expect(stage('awareness')).toEqual({
      stage: 'awareness',
      entered: 4,
      exited: 3,
      stillIn: 1,
      medianSeconds: 4 * DAY,
      meanSeconds: 5 * DAY,
      conversions: [
        { to: 'consideration', count: 2, rate: 0.5 },
        { to: 'churned', count: 1, rate: 0.25 },
      ],
      advanceRate: 0.5,
    });
    // Consideration entered by P5 (day 2), P1 (day 3), P2 (day 5): P1 left after 1 day, P5 after 8,
    // both to customer: median = mean = 4.5 days; 2 of 3 converted.
    expect(stage('consideration')).toEqual({
      stage: 'consideration',
      entered: 3,
      exited: 2,
      stillIn: 1,
      medianSeconds: 4.5 * DAY,
      meanSeconds: 4.5 * DAY,
      conversions: [{ to: 'customer', count: 2, rate: 0.6667 }],
      advanceRate: 0.6667,
    });
    expect(stage('customer')).toMatchObject({ entered: 2, exited: 0, stillIn: 2, medianSeconds: null });
    expect(stage('churned')).toMatchObject({ entered: 1 });
    expect(stage('retained')).toMatchObject({ entered: 0, conversions: [] });
  });

  it('counts only the entries made in the period', async () => {
    const funnel = (
      await call(
        a.adminToken,
        'GET',
        '/api/lifecycle/funnel?from=2025-01-03T00:00:00Z&to=2025-01-06T00:00:00Z',
      )
    ).json();
    const entered = Object.fromEntries(
      funnel.stages.map((s: { stage: string; entered: number }) => [s.stage, s.entered]),
    );
    expect(entered).toMatchObject({ awareness: 1, consideration: 2, customer: 1, churned: 0 });
    const bad = await call(a.adminToken, 'GET', '/api/lifecycle/funnel?from=2025-02-01&to=2025-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('from');
  });

  it("gives a person's stages with the time in each", async () => {
    const r = await call(a.adminToken, 'GET', `/api/people/${people.P1}/lifecycle`);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.stage).toBe('customer');
    expect(body.history.map((h: { stage: string; from: string | null }) => [h.from, h.stage])).toEqual([
      [null, 'awareness'],
      ['awareness', 'consideration'],
      ['consideration', 'customer'],
    ]);
    expect(body.history[0]).toMatchObject({
      enteredAt: '2025-01-01T00:00:00.000Z',
      leftAt: '2025-01-03T00:00:00.000Z',
      seconds: 2 * DAY,
    });
    expect(body.history[2].leftAt).toBeNull();
    expect(body.timeInStage).toMatchObject({ awareness: 2 * DAY, consideration: DAY });
    expect(body.timeInStage.customer).toBeGreaterThan(300 * DAY);
  });

  it('records a stage change made through the API', async () => {
    const created = (await call(a.adminToken, 'POST', '/api/people', { displayName: 'Live Change' })).json();
    await call(a.adminToken, 'PATCH', `/api/people/${created.id}`, { lifecycleStage: 'evaluation' });
    const body = (await call(a.adminToken, 'GET', `/api/people/${created.id}/lifecycle`)).json();
    expect(body.history.map((h: { stage: string }) => h.stage)).toEqual(['awareness', 'evaluation']);
    expect(body.history[0].leftAt).toBe(body.history[1].enteredAt);
  });

  it('keeps workspaces apart', async () => {
    expect((await call(b.adminToken, 'GET', `/api/people/${people.P1}/lifecycle`)).statusCode).toBe(404);
    const funnel = (
      await call(b.adminToken, 'GET', '/api/lifecycle/funnel?from=2025-01-01&to=2025-02-01')
    ).json();
    expect(funnel.stages.every((s: { entered: number }) => s.entered === 0)).toBe(true);
  });
});
