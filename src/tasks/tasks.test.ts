import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

describeEachDatabase('tasks and notes', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let personId: string;
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
    personId = (await call(a.adminToken, 'POST', '/api/people', { displayName: 'Caller Back' })).json().id;
  });
  afterAll(() => api.close());

  it("shows an agent's overdue and due-today call-backs, and ticks one off with one call", async () => {
    const agent = await api.addUser(a, 'service');
    const overdue = (
      await call(agent.token, 'POST', '/api/tasks', {
        kind: 'call_back',
        title: 'Ring back about refund',
        dueAt: hours(-2),
        personId,
      })
    ).json();
    await call(agent.token, 'POST', '/api/tasks', { title: 'Next week', dueAt: hours(24 * 7) });
    const now = new Date();
    const endOfTodayUtc = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 23, 59),
    );
    const today = (
      await call(agent.token, 'POST', '/api/tasks', {
        title: 'Later today',
        dueAt: endOfTodayUtc.toISOString(),
      })
    ).json();

    const overdueView = (await call(agent.token, 'GET', '/api/tasks?view=overdue')).json().items;
    expect(overdueView.map((t: { id: string }) => t.id)).toEqual([overdue.id]);
    const todayView = (await call(agent.token, 'GET', '/api/tasks?view=today&timeZone=UTC')).json().items;
    expect(todayView.map((t: { id: string }) => t.id)).toContain(today.id);
    expect(todayView.map((t: { title: string }) => t.title)).not.toContain('Next week');

    const done = await call(agent.token, 'PATCH', `/api/tasks/${overdue.id}`, { done: true });
    expect(done.json()).toMatchObject({ done: true, doneAt: expect.any(String) });
    expect((await call(agent.token, 'GET', '/api/tasks?view=overdue')).json().items).toEqual([]);
    const audit = (await call(a.adminToken, 'GET', `/api/audit/tasks/${overdue.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(audit[0].changes.done_at.before).toBeNull();
  });

  it('lists the tasks of a person, and rejects a bad time zone, assignee or person naming the field', async () => {
    const forPerson = (await call(a.adminToken, 'GET', `/api/tasks?personId=${personId}&view=done`)).json()
      .items;
    expect(forPerson).toHaveLength(1);
    const tz = await call(a.adminToken, 'GET', '/api/tasks?view=today&timeZone=Mars/Olympus');
    expect(tz.statusCode).toBe(400);
    expect(tz.json().error.field).toBe('timeZone');
    const bPerson = (await call(b.adminToken, 'POST', '/api/people', { displayName: 'Other Shop' })).json()
      .id;
    const cross = await call(a.adminToken, 'POST', '/api/tasks', {
      title: 'x',
      dueAt: hours(1),
      personId: bPerson,
    });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().error.field).toBe('personId');
    const badTime = await call(a.adminToken, 'POST', '/api/tasks', { title: 'x', dueAt: 'tomorrow' });
    expect(badTime.json().error.field).toBe('dueAt');
  });

  it("keeps other agents' tasks closed to a role that may only change its own", async () => {
    const mine = (
      await call(a.adminToken, 'POST', '/api/tasks', { title: 'Admin task', dueAt: hours(3) })
    ).json();
    const other = await api.addUser(a, 'marketing');
    expect((await call(other.token, 'PATCH', `/api/tasks/${mine.id}`, { done: true })).statusCode).toBe(403);
    expect((await call(b.adminToken, 'PATCH', `/api/tasks/${mine.id}`, { done: true })).statusCode).toBe(404);
  });

  it('adds notes to a record and lists them newest first', async () => {
    await call(a.adminToken, 'POST', '/api/notes', {
      objectType: 'people',
      objectId: personId,
      body: 'Prefers mornings',
    });
    await call(a.adminToken, 'POST', '/api/notes', {
      objectType: 'people',
      objectId: personId,
      body: 'Allergic to nuts',
    });
    const notes = (
      await call(a.adminToken, 'GET', `/api/notes?objectType=people&objectId=${personId}`)
    ).json().items;
    expect(notes.map((n: { body: string }) => n.body)).toEqual(['Allergic to nuts', 'Prefers mornings']);
    expect(
      (await call(b.adminToken, 'GET', `/api/notes?objectType=people&objectId=${personId}`)).json().items,
    ).toEqual([]);
  });

  it('refuses a note on a record that does not exist (or is in another workspace), of any kind, changing nothing', async () => {
    const bPerson = (await call(b.adminToken, 'POST', '/api/people', { displayName: 'Elsewhere' })).json().id;
    for (const [objectType, objectId] of [
      ['people', '00000000-0000-4000-8000-000000000000'],
      ['people', bPerson],
      ['accounts', personId],
      ['orders', personId],
      ['tasks', personId],
      ['interactions', personId],
    ]) {
      const r = await call(a.adminToken, 'POST', '/api/notes', { objectType, objectId, body: 'Orphan' });
      expect([objectType, r.statusCode, r.json().error?.field]).toEqual([objectType, 400, 'objectId']);
    }
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from notes where body = 'Orphan'`.execute(api.database.db);
    expect(rows[0]?.n).toBe(0);
  });

  it('moves the notes of a person merged into another to the survivor', async () => {
    const merged = (await call(a.adminToken, 'POST', '/api/people', { displayName: 'Merged Away' })).json()
      .id;
    const survivor = (await call(a.adminToken, 'POST', '/api/people', { displayName: 'Survivor' })).json().id;
    await call(a.adminToken, 'POST', '/api/notes', {
      objectType: 'people',
      objectId: merged,
      body: 'Left behind?',
    });
    await call(a.adminToken, 'POST', '/api/notes', {
      objectType: 'people',
      objectId: survivor,
      body: 'Own note',
    });
    const dry = await call(a.adminToken, 'POST', '/api/people/merge', {
      survivorId: survivor,
      mergedId: merged,
      dryRun: true,
    });
    expect(dry.json().moved).toMatchObject({ 'notes.person_id': 1 });
    const merge = await call(a.adminToken, 'POST', '/api/people/merge', {
      survivorId: survivor,
      mergedId: merged,
      dryRun: false,
    });
    expect(merge.statusCode).toBe(200);
    const notes = (
      await call(a.adminToken, 'GET', `/api/notes?objectType=people&objectId=${survivor}`)
    ).json().items;
    expect(notes.map((n: { body: string; objectId: string }) => [n.body, n.objectId]).sort()).toEqual([
      ['Left behind?', survivor],
      ['Own note', survivor],
    ]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from notes
      where workspace_id = ${a.workspaceId} and object_id = ${merged}`.execute(api.database.db);
    expect(rows[0]?.n).toBe(0);
  });
});
