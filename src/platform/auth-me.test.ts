import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';
import { BUILT_IN_GRANTS } from './permissions';

describeEachDatabase('the caller’s permissions on login and /api/auth/me', (kind) => {
  let api: TestApi;
  let tenant: TestTenant;

  beforeAll(async () => {
    api = await createTestApi(kind);
    tenant = await api.addTenant('perms');
  });
  afterAll(() => api.close());

  it('tells a read-only role and a front-line role apart, per object and action', async () => {
    const analyst = await api.addUser(tenant, 'analyst', 'ana@perms.example.com');
    await api.addUser(tenant, 'sales', 'sam@perms.example.com');
    for (const [email, role, userId] of [
      ['ana@perms.example.com', 'analyst', analyst.id],
      ['sam@perms.example.com', 'sales', undefined],
    ] as const) {
      const login = await api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { workspace: 'perms', email, password: 'correct horse battery' },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json().permissions.role).toBe(role);
      const cookies = { rapport_session: login.cookies.find((c) => c.name === 'rapport_session')!.value };
      const me = (await api.app.inject({ method: 'GET', url: '/api/auth/me', cookies })).json();
      expect(me.permissions).toEqual({
        role,
        userId: me.user.id,
        teamId: null,
        grants: BUILT_IN_GRANTS[role],
      });
      if (userId) expect(me.user.id).toBe(userId);
    }
  });

  it('shows a custom role’s grants as stored, so a revoked action reads as missing', async () => {
    const adminHeaders = { authorization: `Bearer ${tenant.adminToken}` };
    const role = await api.app.inject({
      method: 'POST',
      url: '/api/roles',
      headers: adminHeaders,
      payload: { name: 'viewer', grants: { people: { read: 'all', update: 'own' } } },
    });
    expect(role.statusCode).toBe(201);
    await api.addUser(tenant, 'viewer', 'vic@perms.example.com');
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { workspace: 'perms', email: 'vic@perms.example.com', password: 'correct horse battery' },
    });
    const cookies = { rapport_session: login.cookies.find((c) => c.name === 'rapport_session')!.value };
    const me = (await api.app.inject({ method: 'GET', url: '/api/auth/me', cookies })).json();
    expect(me.permissions.grants).toEqual({ people: { read: 'all', update: 'own' } });
  });
});
