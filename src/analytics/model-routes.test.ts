import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedWorkspace } from '../demo/index';
import { createApiToken, createUser, SYSTEM_PRINCIPAL } from '../platform/index';
import { bearer, createTestApi, type TestApi } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

/**
 * The model reports over HTTP on a synthetic workspace whose purchases a BG/NBD model fits: every
 * section of the CLV and churn answers is sent (the response check of the test app fails a body
 * its schema would change), with a holdout check and a page of customers.
 */
describeEachDatabase('CLV and churn reports over HTTP', (kind) => {
  let api: TestApi;
  let token: string;
  const get = async (url: string) => {
    const res = await api.app.inject({ method: 'GET', url, headers: bearer(token) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    const { workspaceId } = await seedWorkspace(api.database, {
      size: { customers: 120 },
      workspaceSlug: 'models',
      endDate: new Date('2024-08-01T00:00:00Z'),
    });
    const system = SYSTEM_PRINCIPAL(workspaceId);
    const admin = await createUser(api.database.db, system, {
      email: 'ana@models.example.com',
      role: 'admin',
    });
    ({ token } = await createApiToken(api.database.db, system, { name: 'analyst', userId: admin.id }));
  });
  afterAll(() => api.close());

  it('fits the value model and answers CLV per customer with a holdout check', async () => {
    const body = await get('/api/analytics/clv?asOf=2024-06-30&calibrationEnd=2024-03-31&limit=5');
    expect(body.model.customers).toBeGreaterThan(50);
    expect(body.model.bgnbd.r).toBeGreaterThan(0);
    expect(body.deciles).toHaveLength(10);
    expect(body.holdout.groups.length).toBeGreaterThan(0);
    expect(body.detail.items).toHaveLength(5);
    expect(body.detail.items[0]).toMatchObject({
      customerId: expect.any(String),
      pAlive: expect.any(Number),
    });
  });

  it('answers churn risk bands, the cohorts and the customers most at risk', async () => {
    const body = await get('/api/analytics/churn?asOf=2024-06-30&limit=5');
    expect(body.riskBands.reduce((n: number, b: { customers: number }) => n + b.customers, 0)).toBe(
      body.model.customers,
    );
    expect(body.cohorts.length).toBeGreaterThan(0);
    expect(body.detail.items).toHaveLength(5);
  });
});
