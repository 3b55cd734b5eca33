import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';

describeEachDatabase('pipelines and opportunities over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let sales: { id: string; token: string };
  let service: { id: string; token: string };
  let ann: string;
  let mug: string;

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const count = async (query: ReturnType<typeof sql>) => {
    const { rows } = await (query as ReturnType<typeof sql<{ n: number }>>).execute(api.database.db);
    return Number(rows[0]?.n ?? 0);
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
    sales = await api.addUser(a, 'sales');
    service = await api.addUser(a, 'service');
    const person = await call(a.adminToken, 'POST', '/api/people', {
      firstName: 'Ann',
      lastName: 'Lee',
      emails: ['ann@example.com'],
    });
    expect(person.statusCode).toBe(201);
    ann = person.json().id;
    const product = await call(a.adminToken, 'POST', '/api/products', {
      sku: 'SEAT',
      name: 'Seat licence',
      listPrice: 120,
    });
    mug = product.json().id;
  });
  afterAll(() => api.close());

  it('makes the default pipeline on first use, once, even when two first uses meet', async () => {
    const [one, two] = await Promise.all([
      call(sales.token, 'GET', '/api/pipelines'),
      call(sales.token, 'GET', '/api/pipelines'),
    ]);
    expect(one.statusCode).toBe(200);
    expect(two.statusCode).toBe(200);
    expect(one.json().items).toHaveLength(1);
    expect(two.json().items[0].id).toBe(one.json().items[0].id);
    expect(one.json().items[0]).toMatchObject({
      name: 'Sales',
      isDefault: true,
      stages: [
        { name: 'Qualification', probability: 10, position: 0 },
        { name: 'Needs analysis', probability: 25 },
        { name: 'Proposal', probability: 50 },
        { name: 'Negotiation', probability: 75 },
        { name: 'Commit', probability: 90 },
      ],
    });
    // Another workspace has its own.
    const other = await call(b.adminToken, 'GET', '/api/pipelines');
    expect(other.json().items[0].id).not.toBe(one.json().items[0].id);
  });

  it('opens an opportunity at the first stage, records it in the history, and moves its person to pre-sales', async () => {
    const res = await call(sales.token, 'POST', '/api/opportunities', {
      name: 'Ann: 10 seats',
      personId: ann,
      amount: 1500.5,
      currency: 'EUR',
      expectedClose: '2030-03-15',
    });
    expect(res.statusCode).toBe(201);
    const opp = res.json();
    expect(opp).toMatchObject({
      name: 'Ann: 10 seats',
      personId: ann,
      stageName: 'Qualification',
      probability: 10,
      status: 'open',
      amount: 1500.5,
      weightedAmount: 150.05,
      currency: 'EUR',
      expectedClose: '2030-03-15',
      ownerId: sales.id,
      lines: [],
    });
    expect(opp.stageHistory).toHaveLength(1);
    expect(opp.stageHistory[0]).toMatchObject({ stageName: 'Qualification', status: 'open', leftAt: null });
    const person = await call(sales.token, 'GET', `/api/people/${ann}`);
    expect(person.json().lifecycleStage).toBe('pre_sales');
  });

  it('refuses a stage of another pipeline, naming stageId, and changes nothing', async () => {
    const second = await call(a.adminToken, 'POST', '/api/pipelines', {
      name: 'Renewals',
      stages: [
        { name: 'Due', probability: 60 },
        { name: 'Quoted', probability: 80 },
      ],
    });
    expect(second.statusCode).toBe(201);
    const foreignStage = second.json().stages[1].id;
    const opp = (
      await call(sales.token, 'POST', '/api/opportunities', { name: 'Move me', personId: ann, amount: 10 })
    ).json();
    const changes = () =>
      count(sql`select count(*) as n from opportunity_stage_changes where opportunity_id = ${opp.id}`);
    const before = await changes();
    const move = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/move`, {
      stageId: foreignStage,
    });
    expect(move.statusCode).toBe(400);
    expect(move.json().error.field).toBe('stageId');
    const patch = await call(sales.token, 'PATCH', `/api/opportunities/${opp.id}`, { stageId: foreignStage });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.field).toBe('stageId');
    expect(await changes()).toBe(before);
    expect((await call(sales.token, 'GET', `/api/opportunities/${opp.id}`)).json().stageName).toBe(
      'Qualification',
    );

    // Within its pipeline it moves, and the history says how long it sat in the first stage.
    const stages = (await call(sales.token, 'GET', '/api/pipelines')).json().items[0].stages;
    const moved = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/move`, {
      stageId: stages[2].id,
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ stageName: 'Proposal', probability: 50 });
    const detail = (await call(sales.token, 'GET', `/api/opportunities/${opp.id}`)).json();
    expect(detail.stageHistory.map((s: { stageName: string }) => s.stageName)).toEqual([
      'Qualification',
      'Proposal',
    ]);
    expect(detail.stageHistory[0].leftAt).not.toBeNull();
    expect(detail.stageHistory[0].seconds).toBeGreaterThanOrEqual(0);

    // Into another pipeline: with the pipeline named, and one of its stages.
    const across = await call(sales.token, 'PATCH', `/api/opportunities/${opp.id}`, {
      pipelineId: second.json().id,
      stageId: foreignStage,
    });
    expect(across.statusCode).toBe(200);
    expect(across.json()).toMatchObject({ pipelineName: 'Renewals', stageName: 'Quoted' });
  });

  it('derives the amount from lines and refuses bad lines by field, changing nothing', async () => {
    const opp = (
      await call(sales.token, 'POST', '/api/opportunities', {
        name: 'Lines',
        personId: ann,
        currency: 'EUR',
        lines: [
          { productId: mug, quantity: 3, discount: 60 },
          { sku: 'SEAT', quantity: 1, unitPrice: 99.99 },
        ],
      })
    ).json();
    expect(opp.amount).toBe(3 * 120 - 60 + 99.99);
    expect(opp.lines).toHaveLength(2);
    expect(opp.lines[0]).toMatchObject({
      sku: 'SEAT',
      quantity: 3,
      unitPrice: 120,
      discount: 60,
      lineTotal: 300,
    });

    const put = (lines: object[]) =>
      call(sales.token, 'PUT', `/api/opportunities/${opp.id}/lines`, { lines });
    const negative = await put([{ productId: mug, quantity: -2 }]);
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.field).toBe('lines.0.quantity');
    const currency = await put([
      { productId: mug, quantity: 1 },
      { productId: mug, quantity: 1, currency: 'USD' },
    ]);
    expect(currency.statusCode).toBe(400);
    expect(currency.json().error.field).toBe('lines.1.currency');
    const unknown = await put([{ sku: 'NOPE', quantity: 1 }]);
    expect(unknown.json().error.field).toBe('lines.0.sku');
    const discount = await put([{ productId: mug, quantity: 1, discount: 500 }]);
    expect(discount.json().error.field).toBe('lines.0.discount');
    const after = (await call(sales.token, 'GET', `/api/opportunities/${opp.id}`)).json();
    expect(after.lines).toEqual(opp.lines);
    expect(after.amount).toBe(opp.amount);

    // The amount and currency of an opportunity with lines are theirs.
    const amount = await call(sales.token, 'PATCH', `/api/opportunities/${opp.id}`, { amount: 1 });
    expect(amount.json().error.field).toBe('amount');
    const cur = await call(sales.token, 'PATCH', `/api/opportunities/${opp.id}`, { currency: 'USD' });
    expect(cur.json().error.field).toBe('currency');
    // A line in the opportunity's currency is fine.
    const ok = await put([{ productId: mug, quantity: 2, currency: 'EUR' }]);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().amount).toBe(240);
  });

  it('closes as won or lost with a reason of that kind from the list', async () => {
    const opp = (
      await call(sales.token, 'POST', '/api/opportunities', { name: 'Close me', personId: ann })
    ).json();
    const reasons = (await call(sales.token, 'GET', '/api/close-reasons')).json().items;
    const lostReason = reasons.find(
      (r: { kind: string; name: string }) => r.kind === 'lost' && r.name === 'Price',
    );
    const wonReason = reasons.find((r: { kind: string }) => r.kind === 'won');
    const noReason = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/lost`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('reasonId');
    const wrongKind = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/lost`, {
      reasonId: wonReason.id,
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.field).toBe('reasonId');
    const lost = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/lost`, {
      reasonId: lostReason.id,
      note: 'Went with a cheaper offer',
    });
    expect(lost.statusCode).toBe(200);
    expect(lost.json()).toMatchObject({
      status: 'lost',
      closeReason: 'Price',
      probability: 0,
      weightedAmount: 0,
    });
    expect(lost.json().closedAt).not.toBeNull();
    const again = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/won`, {});
    expect(again.statusCode).toBe(409);
    const move = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/move`, {
      stageId: lost.json().stageId,
    });
    expect(move.statusCode).toBe(409);
    const reopened = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/reopen`, {});
    expect(reopened.json()).toMatchObject({ status: 'open', closeReason: null, closedAt: null });
    const won = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/won`);
    expect(won.json()).toMatchObject({ status: 'won', probability: 100 });
    expect(won.json().stageHistory.map((s: { status: string }) => s.status)).toEqual([
      'open',
      'lost',
      'open',
      'won',
    ]);
    expect((await call(sales.token, 'GET', `/api/people/${ann}`)).json().lifecycleStage).toBe('customer');
  });

  describe('the board', () => {
    let pipelineId: string;
    let stages: { id: string; name: string }[];
    beforeAll(async () => {
      const created = await call(a.adminToken, 'POST', '/api/pipelines', {
        name: 'Board',
        stages: [
          { name: 'One', probability: 20 },
          { name: 'Two', probability: 50 },
        ],
      });
      pipelineId = created.json().id;
      stages = created.json().stages;
      for (let i = 0; i < 7; i++) {
        const res = await call(i < 5 ? sales.token : a.adminToken, 'POST', '/api/opportunities', {
          name: `Deal ${i}`,
          personId: ann,
          pipelineId,
          amount: 100 * (i + 1),
          currency: i === 6 ? 'EUR' : 'USD',
          expectedClose: `2030-0${1 + (i % 3)}-1${i}`,
        });
        expect(res.statusCode).toBe(201);
      }
    });

    it('sums each column per currency, weights it, and pages its cards by expected close', async () => {
      const res = await call(sales.token, 'GET', `/api/pipelines/${pipelineId}/board?limit=3`);
      expect(res.statusCode).toBe(200);
      const board = res.json();
      const [one, two] = board.columns;
      expect(one.stage.name).toBe('One');
      expect(one.count).toBe(7);
      expect(one.totals).toEqual([
        { currency: 'EUR', count: 1, amount: 700, weightedAmount: 140 },
        { currency: 'USD', count: 6, amount: 2100, weightedAmount: 420 },
      ]);
      expect(one.items.map((c: { name: string }) => c.name)).toEqual(['Deal 0', 'Deal 3', 'Deal 6']);
      expect(two).toMatchObject({ count: 0, totals: [], items: [], nextCursor: null });
      const next = await call(
        sales.token,
        'GET',
        `/api/pipelines/${pipelineId}/board/${stages[0]?.id}?limit=3&cursor=${one.nextCursor}`,
      );
      expect(next.json().items.map((c: { name: string }) => c.name)).toEqual(['Deal 1', 'Deal 4', 'Deal 2']);
      const last = await call(
        sales.token,
        'GET',
        `/api/pipelines/${pipelineId}/board/${stages[0]?.id}?limit=3&cursor=${next.json().nextCursor}`,
      );
      expect(last.json()).toEqual({ items: [expect.objectContaining({ name: 'Deal 5' })], nextCursor: null });
    });

    it('filters by owner and close month', async () => {
      const mine = (
        await call(sales.token, 'GET', `/api/pipelines/${pipelineId}/board?ownerId=${sales.id}`)
      ).json();
      expect(mine.columns[0].count).toBe(5);
      const march = (
        await call(sales.token, 'GET', `/api/pipelines/${pipelineId}/board?closeMonth=2030-03`)
      ).json();
      expect(march.columns[0].items.map((c: { name: string }) => c.name)).toEqual(['Deal 2', 'Deal 5']);
      const bad = await call(sales.token, 'GET', `/api/pipelines/${pipelineId}/board?closeMonth=2030-13`);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('closeMonth');
    });

    it('is read by other departments but changed only by sales', async () => {
      expect((await call(service.token, 'GET', `/api/pipelines/${pipelineId}/board`)).statusCode).toBe(200);
      const card = (await call(service.token, 'GET', `/api/pipelines/${pipelineId}/board`)).json().columns[0]
        .items[0];
      const move = await call(service.token, 'POST', `/api/opportunities/${card.id}/move`, {
        stageId: stages[1]?.id,
      });
      expect(move.statusCode).toBe(403);
      const create = await call(service.token, 'POST', '/api/opportunities', { name: 'x', personId: ann });
      expect(create.statusCode).toBe(403);
      const settings = await call(service.token, 'POST', '/api/pipelines', {
        name: 'Mine',
        stages: [{ name: 'A', probability: 1 }],
      });
      expect(settings.statusCode).toBe(403);
      // Another workspace sees none of it.
      expect((await call(b.adminToken, 'GET', `/api/opportunities/${card.id}`)).statusCode).toBe(404);
      expect((await call(b.adminToken, 'GET', `/api/pipelines/${pipelineId}/board`)).statusCode).toBe(404);
    });

    it('keeps a stage that holds opportunities, and renames and reorders the others', async () => {
      const drop = await call(a.adminToken, 'PUT', `/api/pipelines/${pipelineId}/stages`, {
        stages: [{ id: stages[1]?.id, name: 'Two', probability: 50 }],
      });
      expect(drop.statusCode).toBe(409);
      const res = await call(a.adminToken, 'PUT', `/api/pipelines/${pipelineId}/stages`, {
        stages: [
          { id: stages[1]?.id, name: 'One', probability: 40 },
          { id: stages[0]?.id, name: 'Two', probability: 60 },
          { name: 'Three', probability: 90 },
        ],
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().stages.map((s: { id: string; name: string }) => [s.id, s.name])).toEqual([
        [stages[1]?.id, 'One'],
        [stages[0]?.id, 'Two'],
        [expect.any(String), 'Three'],
      ]);
    });
  });
});
