import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

describeEachDatabase('renaming teams and roles', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let sales: { id: string; token: string };
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const teamNames = async (tenant = a) =>
    (await call(tenant.adminToken, 'GET', '/api/teams')).json().items.map((t: { name: string }) => t.name);
  const lastAudit = async (objectType: string, id: string) =>
    (await call(a.adminToken, 'GET', `/api/audit/${objectType}/${id}`)).json().items[0];

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('renames');
    b = await api.addTenant('other-renames');
    sales = await api.addUser(a, 'sales');
  });
  afterAll(() => api?.close());

  it('renames a team, audited, and refuses a name in use with a 409 naming the field', async () => {
    const north = (await call(a.adminToken, 'POST', '/api/teams', { name: 'North' })).json();
    await call(a.adminToken, 'POST', '/api/teams', { name: 'East' });
    // Another workspace may have a team of the same name.
    await call(b.adminToken, 'POST', '/api/teams', { name: 'South' });

    const r = await call(a.adminToken, 'PATCH', `/api/teams/${north.id}`, { name: '  South  ' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ id: north.id, name: 'South' });
    expect(await teamNames()).toEqual(['East', 'South']);
    expect(await lastAudit('teams', north.id)).toMatchObject({
      action: 'update',
      actorUserId: a.adminId,
      changes: { name: { before: 'North', after: 'South' } },
    });

    const taken = await call(a.adminToken, 'PATCH', `/api/teams/${north.id}`, { name: 'East' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error).toMatchObject({ code: 'conflict', field: 'name' });
    expect(await teamNames()).toEqual(['East', 'South']);
  });

  it('refuses bad team renames with a 4xx naming the field, changing nothing', async () => {
    const team = (await call(a.adminToken, 'POST', '/api/teams', { name: 'West' })).json();
    const before = await teamNames();
    const cases: [object, number, string | undefined][] = [
      [{ name: '   ' }, 400, 'name'],
      [{ name: '' }, 400, 'name'],
      [{ name: 'x'.repeat(201) }, 400, 'name'],
      [{}, 400, 'name'],
      [{ name: 'Ok', colour: 'red' }, 400, 'colour'],
    ];
    for (const [body, status, field] of cases) {
      const r = await call(a.adminToken, 'PATCH', `/api/teams/${team.id}`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().error.field).toBe(field);
    }
    expect((await call(a.adminToken, 'PATCH', '/api/teams/nope', { name: 'Ok' })).json().error.field).toBe(
      'id',
    );
    // Someone else's team is not found; a role without teams: update is refused.
    expect((await call(b.adminToken, 'PATCH', `/api/teams/${team.id}`, { name: 'Mine' })).statusCode).toBe(
      404,
    );
    expect((await call(sales.token, 'PATCH', `/api/teams/${team.id}`, { name: 'Mine' })).statusCode).toBe(
      403,
    );
    expect(await teamNames()).toEqual(before);
    expect(await teamNames(b)).toEqual(['South']);
  });

  it('renames a custom role; its users keep it; audited', async () => {
    const role = (
      await call(a.adminToken, 'POST', '/api/roles', { name: 'auditor', grants: { people: { read: 'all' } } })
    ).json();
    const user = (
      await call(a.adminToken, 'POST', '/api/users', { email: 'ada@renames.example', role: 'auditor' })
    ).json();
    const r = await call(a.adminToken, 'PATCH', `/api/roles/${role.id}`, {
      name: 'inspector',
      description: 'Reads people',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      id: role.id,
      name: 'inspector',
      description: 'Reads people',
      builtIn: false,
      grants: { people: { read: 'all' } },
    });
    expect((await call(a.adminToken, 'GET', `/api/users/${user.id}`)).json().role).toBe('inspector');
    expect(await lastAudit('roles', role.id)).toMatchObject({
      action: 'update',
      changes: { name: { before: 'auditor', after: 'inspector' } },
    });
  });

  it('refuses bad role renames with a 4xx naming the field, changing nothing', async () => {
    const role = (await call(a.adminToken, 'POST', '/api/roles', { name: 'helper', grants: {} })).json();
    const roles = async () =>
      (await call(a.adminToken, 'GET', '/api/roles')).json().items.map((x: { name: string }) => x.name);
    const before = await roles();
    const admin = (await call(a.adminToken, 'GET', '/api/roles'))
      .json()
      .items.find((x: { name: string }) => x.name === 'admin');
    const cases: [string, object, number, string | undefined][] = [
      [role.id, { name: 'manager' }, 409, 'name'],
      [role.id, { name: 'inspector' }, 409, 'name'],
      [role.id, { name: 'Has Spaces' }, 400, 'name'],
      [role.id, { name: '1st' }, 400, 'name'],
      [role.id, { name: '' }, 400, 'name'],
      [role.id, {}, 400, 'name'],
      [role.id, { name: 'ok', builtIn: true }, 400, 'builtIn'],
      [admin.id, { name: 'root' }, 400, 'id'],
    ];
    for (const [id, body, status, field] of cases) {
      const r = await call(a.adminToken, 'PATCH', `/api/roles/${id}`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().error.field).toBe(field);
    }
    expect((await call(b.adminToken, 'PATCH', `/api/roles/${role.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await call(sales.token, 'PATCH', `/api/roles/${role.id}`, { name: 'x' })).statusCode).toBe(403);
    expect(await roles()).toEqual(before);
  });
});
