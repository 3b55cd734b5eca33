import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

describeEachDatabase('access over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
  });
  afterAll(() => api.close());

  const call = (
    token: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
  ) => api.app.inject({ method, url, headers: bearer(token), payload });

  it('answers 401 without credentials and with a bad or revoked token', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/api/users' })).statusCode).toBe(401);
    const bad = await call('rpt_nonsense', 'GET', '/api/users');
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    const created = await call(a.adminToken, 'POST', '/api/tokens', { name: 'integration' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^rpt_/);
    expect((await call(token, 'GET', '/api/users')).statusCode).toBe(200);
    const listed = await call(a.adminToken, 'GET', '/api/tokens');
    expect(JSON.stringify(listed.json())).not.toContain(token);
    expect((await call(a.adminToken, 'DELETE', `/api/tokens/${id}`)).statusCode).toBe(204);
    expect((await call(token, 'GET', '/api/users')).statusCode).toBe(401);
  });

  it("shows workspace B nothing of workspace A: A's ids are 404 in B", async () => {
    const users = (await call(b.adminToken, 'GET', '/api/users')).json().items as { email: string }[];
    expect(users.map((u) => u.email)).toEqual(['admin@bolt.example.com']);
    const aUser = await call(b.adminToken, 'GET', `/api/users/${a.adminId}`);
    expect(aUser.statusCode).toBe(404);
    expect(aUser.json().error.code).toBe('not_found');
    expect(
      (await call(b.adminToken, 'PATCH', `/api/users/${a.adminId}`, { name: 'Taken over' })).statusCode,
    ).toBe(404);
    const aToken = (await call(a.adminToken, 'GET', '/api/tokens')).json().items[0].id;
    expect((await call(b.adminToken, 'DELETE', `/api/tokens/${aToken}`)).statusCode).toBe(404);
    const audit = (await call(b.adminToken, 'GET', `/api/audit/users/${a.adminId}`)).json().items;
    expect(audit).toEqual([]);
    expect((await call(a.adminToken, 'GET', `/api/users/${a.adminId}`)).json().name).toBe('Admin acme');
  });

  it('answers 403 to a role without update on an object, and changes nothing', async () => {
    const sales = await api.addUser(a, 'sales');
    expect((await call(sales.token, 'GET', `/api/users/${a.adminId}`)).statusCode).toBe(200);
    const denied = await call(sales.token, 'PATCH', `/api/users/${a.adminId}`, { name: 'Renamed' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('update users'),
    });
    expect((await call(a.adminToken, 'GET', `/api/users/${a.adminId}`)).json().name).toBe('Admin acme');
    expect((await call(sales.token, 'GET', '/api/audit')).statusCode).toBe(403);
  });

  it('lets an admin make a custom role whose grants are enforced', async () => {
    const role = await call(a.adminToken, 'POST', '/api/roles', {
      name: 'auditor',
      grants: { audit_log: { read: 'all' }, users: { read: 'all' } },
    });
    expect(role.statusCode).toBe(201);
    const auditor = await api.addUser(a, 'auditor');
    expect((await call(auditor.token, 'GET', '/api/audit')).statusCode).toBe(200);
    expect((await call(auditor.token, 'POST', '/api/teams', { name: 'Nope' })).statusCode).toBe(403);
    const bad = await call(a.adminToken, 'POST', '/api/roles', {
      name: 'odd',
      grants: { spaceships: { read: 'all' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('grants.spaceships');
    const builtIn = (await call(a.adminToken, 'GET', '/api/roles'))
      .json()
      .items.map((r: { name: string }) => r.name);
    expect(builtIn).toEqual(
      expect.arrayContaining([
        'admin',
        'manager',
        'sales',
        'service',
        'marketing',
        'accounting',
        'inventory',
        'analyst',
        'auditor',
      ]),
    );
  });

  it('records every write in the audit log with field-level before and after', async () => {
    const team = (await call(a.adminToken, 'POST', '/api/teams', { name: 'North' })).json();
    const user = (
      await call(a.adminToken, 'POST', '/api/users', { email: 'Kim@Acme.example.com', role: 'service' })
    ).json();
    expect(user.email).toBe('kim@acme.example.com');
    await call(a.adminToken, 'PATCH', `/api/users/${user.id}`, { role: 'sales', teamId: team.id });
    const history = (await call(a.adminToken, 'GET', `/api/audit/users/${user.id}`)).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    expect(history[0].changes).toEqual({
      role: { before: 'service', after: 'sales' },
      team_id: { before: null, after: team.id },
    });
    expect(history[0]).toMatchObject({
      actorUserId: a.adminId,
      actorKind: 'token',
      requestId: expect.any(String),
    });
    const teamAudit = (
      await call(a.adminToken, 'GET', `/api/audit?objectType=teams&objectId=${team.id}`)
    ).json().items;
    expect(teamAudit[0].changes).toEqual({ name: { before: null, after: 'North' } });
    const tokens = (await call(a.adminToken, 'GET', '/api/audit?objectType=api_tokens')).json().items;
    expect(tokens.length).toBeGreaterThan(0);
    expect(JSON.stringify(tokens)).not.toContain('token_hash');
  });
});
