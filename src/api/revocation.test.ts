import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

/**
 * Callers are kept in memory between requests (src/platform/authenticator.ts); every change to what
 * their access rests on must still be seen on the very next request.
 */
describeEachDatabase('a change to a caller’s access takes effect on the next request', (kind) => {
  let api: TestApi;
  let tenant: TestTenant;
  const admin = () => bearer(tenant.adminToken);
  const get = (url: string, headers: Record<string, string>) =>
    api.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    api = await createTestApi(kind);
    tenant = await api.addTenant('revoke');
  });
  afterAll(() => api.close());

  const login = async (email: string) => {
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { workspace: 'revoke', email, password: 'correct horse battery' },
    });
    expect(r.statusCode).toBe(200);
    return {
      cookies: { rapport_session: r.cookies.find((c) => c.name === 'rapport_session')!.value },
      csrf: r.json().csrfToken as string,
    };
  };

  it('refuses a revoked token on the next request', async () => {
    const user = await api.addUser(tenant, 'sales');
    expect((await get('/api/teams', bearer(user.token))).statusCode).toBe(200);
    expect((await get('/api/teams', bearer(user.token))).statusCode).toBe(200);
    const tokens = (await get('/api/tokens', admin())).json().items as { id: string; userId: string }[];
    const id = tokens.find((t) => t.userId === user.id)!.id;
    const revoked = await api.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: admin() });
    expect(revoked.statusCode).toBe(204);
    const after = await get('/api/teams', bearer(user.token));
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('ends a session on logout for the next request', async () => {
    const email = `out-${kind}@revoke.example.com`;
    await api.addUser(tenant, 'sales', email);
    const { cookies, csrf } = await login(email);
    expect((await api.app.inject({ method: 'GET', url: '/api/teams', cookies })).statusCode).toBe(200);
    const out = await api.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies,
      headers: { 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect((await api.app.inject({ method: 'GET', url: '/api/teams', cookies })).statusCode).toBe(401);
    expect((await api.app.inject({ method: 'GET', url: '/api/auth/me', cookies })).statusCode).toBe(401);
  });

  it('shuts out a deactivated user, token and session, on the next request', async () => {
    const email = `leaver-${kind}@revoke.example.com`;
    const user = await api.addUser(tenant, 'sales', email);
    const { cookies } = await login(email);
    expect((await get('/api/teams', bearer(user.token))).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/api/teams', cookies })).statusCode).toBe(200);
    const off = await api.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: admin(),
      payload: { active: false },
    });
    expect(off.statusCode).toBe(200);
    expect((await get('/api/teams', bearer(user.token))).statusCode).toBe(401);
    expect((await api.app.inject({ method: 'GET', url: '/api/teams', cookies })).statusCode).toBe(401);
  });

  it('applies a new role, and a custom role’s new grants, on the next request', async () => {
    const user = await api.addUser(tenant, 'admin');
    expect((await get('/api/audit', bearer(user.token))).statusCode).toBe(200);
    await api.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: admin(),
      payload: { role: 'sales' },
    });
    expect((await get('/api/audit', bearer(user.token))).statusCode).toBe(403);

    const role = await api.app.inject({
      method: 'POST',
      url: '/api/roles',
      headers: admin(),
      payload: { name: `auditor-${kind}`, grants: { audit_log: { read: 'all' } } },
    });
    expect(role.statusCode).toBe(201);
    await api.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: admin(),
      payload: { role: `auditor-${kind}` },
    });
    expect((await get('/api/audit', bearer(user.token))).statusCode).toBe(200);
    const narrowed = await api.app.inject({
      method: 'PUT',
      url: `/api/roles/${role.json().id}/grants`,
      headers: admin(),
      payload: { grants: { teams: { read: 'all' } } },
    });
    expect(narrowed.statusCode).toBe(200);
    expect((await get('/api/audit', bearer(user.token))).statusCode).toBe(403);
  });

  it('sees a change written straight to the database, as another server process would make it', async () => {
    const user = await api.addUser(tenant, 'sales');
    expect((await get('/api/teams', bearer(user.token))).statusCode).toBe(200);
    await sql`update api_tokens set revoked_at = now() where user_id = ${user.id}`.execute(api.database.db);
    expect((await get('/api/teams', bearer(user.token))).statusCode).toBe(401);
  });
});
