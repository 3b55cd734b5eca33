import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

describeEachDatabase('password login, sessions and CSRF', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  const login = (body: object, ip = '10.0.0.1') =>
    api.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress: ip });

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
  });
  afterAll(() => api.close());

  const good = () => ({
    workspace: 'acme',
    email: 'admin@acme.example.com',
    password: 'correct horse battery',
  });

  it('logs in with an HttpOnly, SameSite=Lax session cookie (Secure only when served over https)', async () => {
    const r = await login(good());
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      user: { email: 'admin@acme.example.com', role: 'admin' },
      workspace: { slug: 'acme' },
    });
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/^rapport_session=rps_/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    // A client's say-so is not https: no proxy is trusted unless the settings name one.
    const forwarded = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: good(),
      headers: { 'x-forwarded-proto': 'https' },
      remoteAddress: '10.0.0.2',
    });
    expect(String(forwarded.headers['set-cookie'])).not.toContain('Secure');
  });

  it('requires the CSRF header on cookie-authenticated writes, not on reads', async () => {
    const r = await login(good(), '10.0.0.3');
    const session = r.cookies.find((c) => c.name === 'rapport_session')!.value;
    const { csrfToken } = r.json();
    const cookies = { rapport_session: session };
    expect((await api.app.inject({ method: 'GET', url: '/api/auth/me', cookies })).json().user.email).toBe(
      'admin@acme.example.com',
    );
    expect((await api.app.inject({ method: 'GET', url: '/api/teams', cookies })).statusCode).toBe(200);
    const forged = await api.app.inject({
      method: 'POST',
      url: '/api/teams',
      cookies,
      payload: { name: 'Forged' },
    });
    expect(forged.statusCode).toBe(403);
    const wrong = await api.app.inject({
      method: 'POST',
      url: '/api/teams',
      cookies,
      headers: { 'x-csrf-token': 'guess' },
      payload: { name: 'Forged' },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await api.app.inject({
      method: 'POST',
      url: '/api/teams',
      cookies,
      headers: { 'x-csrf-token': csrfToken },
      payload: { name: 'Real' },
    });
    expect(ok.statusCode).toBe(201);
    const teams = (await api.app.inject({ method: 'GET', url: '/api/teams', cookies })).json().items;
    expect(teams.map((t: { name: string }) => t.name)).toEqual(['Real']);
    const out = await api.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies,
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await api.app.inject({ method: 'GET', url: '/api/auth/me', cookies })).statusCode).toBe(401);
  });

  it('rejects a wrong password, an unknown user and a deactivated user alike', async () => {
    for (const body of [
      { ...good(), password: 'wrong password!' },
      { ...good(), email: 'nobody@acme.example.com' },
      { ...good(), workspace: 'nowhere' },
    ]) {
      const r = await login(body, '10.0.1.1');
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('unauthenticated');
    }
    const user = await api.addUser(a, 'sales', 'leaver@acme.example.com');
    await api.app.inject({
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      headers: { authorization: `Bearer ${a.adminToken}` },
      payload: { active: false },
    });
    const r = await login(
      { workspace: 'acme', email: 'leaver@acme.example.com', password: 'correct horse battery' },
      '10.0.1.2',
    );
    expect(r.statusCode).toBe(401);
  });
});
