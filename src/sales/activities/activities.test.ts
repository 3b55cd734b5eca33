import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';

describeEachDatabase('sales activities over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let sales: { id: string; token: string };
  let ann: string;
  let opp: { id: string };

  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    sales = await api.addUser(a, 'sales');
    ann = (
      await call(a.adminToken, 'POST', '/api/people', { firstName: 'Ann', emails: ['ann@example.com'] })
    ).json().id;
    opp = (
      await call(sales.token, 'POST', '/api/opportunities', { name: 'Ann: seats', personId: ann })
    ).json();
  });
  afterAll(() => api.close());

  it('logs a sales call on the customer’s timeline, linked to the opportunity, and schedules the next step', async () => {
    const res = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/activities`, {
      kind: 'call',
      durationMinutes: 12,
      summary: 'Walked through pricing',
      outcome: 'Interested, needs IT sign-off',
      nextStep: 'Demo for the IT team',
      task: { dueAt: '2030-01-10T09:00:00Z' },
    });
    expect(res.statusCode).toBe(201);
    const activity = res.json();
    expect(activity).toMatchObject({
      opportunityId: opp.id,
      kind: 'call',
      outcome: 'Interested, needs IT sign-off',
      nextStep: 'Demo for the IT team',
      taskId: expect.any(String),
      ownerId: sales.id,
    });
    const timeline = (await call(sales.token, 'GET', `/api/people/${ann}/timeline`)).json();
    const item = timeline.items.find((i: { id: string }) => i.id === activity.interactionId);
    expect(item).toMatchObject({
      type: 'sales_call',
      channel: 'phone',
      direction: 'outbound',
      durationSeconds: 720,
      agentId: sales.id,
      subject: 'Sales call: Ann: seats',
      links: { opportunityId: opp.id, taskId: activity.taskId },
    });
    expect(item.summary).toContain('Next step: Demo for the IT team');
    const tasks = (await call(sales.token, 'GET', '/api/tasks?view=open')).json();
    expect(tasks.items).toEqual([
      expect.objectContaining({
        id: activity.taskId,
        title: 'Demo for the IT team',
        personId: ann,
        kind: 'follow_up',
      }),
    ]);
    const after = (await call(sales.token, 'GET', `/api/opportunities/${opp.id}`)).json();
    expect(after.nextStep).toBe('Demo for the IT team');
    const list = (await call(sales.token, 'GET', `/api/opportunities/${opp.id}/activities`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([activity.id]);
  });

  it('refuses a bad activity by field, writing nothing', async () => {
    const bad = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/activities`, { kind: 'lunch' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('kind');
    const future = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/activities`, {
      kind: 'demo',
      occurredAt: '2099-01-01T00:00:00Z',
    });
    expect(future.json().error.field).toBe('occurredAt');
    const noTitle = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/activities`, {
      kind: 'meeting',
      task: { dueAt: '2030-01-10T09:00:00Z' },
    });
    expect(noTitle.json().error.field).toBe('task.title');
    const list = (await call(sales.token, 'GET', `/api/opportunities/${opp.id}/activities`)).json();
    expect(list.items).toHaveLength(1);
    const tasks = (await call(sales.token, 'GET', '/api/tasks?view=open')).json();
    expect(tasks.items).toHaveLength(1);
  });
});
