import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';
import { sha256Hex } from './secrets';

describeEachDatabase('password reset links and changing one’s own password', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let sam: { id: string; token: string; email: string };
  let ip = 0;
  /** A fresh client address per call, so the per-address limits only bite where a test wants them. */
  const nextIp = () => `10.1.${Math.floor(++ip / 250)}.${ip % 250}`;
  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, more: object = {}) =>
    api.app.inject({ method, url, payload, remoteAddress: nextIp(), ...more });
  const login = (email: string, password: string, workspace = 'resets') =>
    inject('POST', '/api/auth/login', { workspace, email, password });
  const session = async (email: string, password: string) => {
    const r = await login(email, password);
    expect(r.statusCode, r.body).toBe(200);
    return {
      cookies: { rapport_session: r.cookies.find((c) => c.name === 'rapport_session')?.value ?? '' },
      csrf: r.json().csrfToken as string,
    };
  };
  const me = (s: { cookies: Record<string, string> }) =>
    api.app.inject({ method: 'GET', url: '/api/auth/me', cookies: s.cookies });
  const makeLink = async (userId: string, token = a.adminToken) => {
    const r = await inject('POST', `/api/users/${userId}/password-reset`, undefined, {
      headers: bearer(token),
    });
    expect(r.statusCode, r.body).toBe(201);
    const { url, expiresAt } = r.json() as { url: string; expiresAt: string };
    return { url, expiresAt, token: new URL(url).searchParams.get('token') ?? '' };
  };
  const spendLink = (token: string, password: string, more: object = {}) =>
    inject('POST', '/api/auth/password-reset', { token, password }, more);

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('resets');
    b = await api.addTenant('other-resets');
    const email = 'sam@resets.example.com';
    sam = { ...(await api.addUser(a, 'sales', email)), email };
  });
  afterAll(() => api?.close());

  it('makes a one-time link valid 24 hours, stores only its hash, and audits it', async () => {
    const before = Date.now();
    const link = await makeLink(sam.id);
    expect(link.url).toMatch(/^http:\/\/[^/]+\/reset-password\?token=rpr_/);
    const ttl = Date.parse(link.expiresAt) - before;
    expect(ttl).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3600_000 + 1000);
    const { rows } = await sql<{ token_hash: string }>`
      select token_hash from password_resets where user_id = ${sam.id}`.execute(api.database.db);
    expect(rows).toEqual([{ token_hash: sha256Hex(link.token) }]);

    const info = await inject('GET', `/api/auth/password-reset?token=${link.token}`);
    expect(info.statusCode, info.body).toBe(200);
    expect(info.json()).toMatchObject({ email: sam.email, workspace: 'resets' });

    const audit = await inject('GET', '/api/audit?objectType=password_resets', undefined, {
      headers: bearer(a.adminToken),
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'create',
      actorUserId: a.adminId,
      changes: { user_id: { after: sam.id } },
    });
    expect(JSON.stringify(audit.json())).not.toContain(link.token);
  });

  it('sets the new password once, ending every session of the user', async () => {
    const first = await session(sam.email, 'correct horse battery');
    const second = await session(sam.email, 'correct horse battery');
    const link = await makeLink(sam.id);

    // Bad input changes nothing: the old password still works and the link is still good.
    const short = await spendLink(link.token, 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe('password');
    const missing = await inject('POST', '/api/auth/password-reset', { token: link.token });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.field).toBe('password');
    expect((await me(first)).statusCode).toBe(200);

    const done = await spendLink(link.token, 'a brand new password');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ email: sam.email, workspace: 'resets' });
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(401);
    expect((await login(sam.email, 'correct horse battery')).statusCode).toBe(401);
    expect((await login(sam.email, 'a brand new password')).statusCode).toBe(200);

    const again = await spendLink(link.token, 'yet another password');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.field).toBe('token');
    expect((await inject('GET', `/api/auth/password-reset?token=${link.token}`)).statusCode).toBe(400);

    const audit = await inject('GET', `/api/audit/users/${sam.id}`, undefined, {
      headers: bearer(a.adminToken),
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'update',
      actorUserId: sam.id,
      changes: { password: { after: 'set by reset link' }, sessions_ended: { after: 2 } },
    });
  });

  it('refuses expired, replaced, tampered and foreign links, naming the token', async () => {
    const expired = await makeLink(sam.id);
    await sql`update password_resets set expires_at = now() - interval '1 second'
      where token_hash = ${sha256Hex(expired.token)}`.execute(api.database.db);
    const r = await spendLink(expired.token, 'an expired attempt');
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('token');

    const replaced = await makeLink(sam.id);
    const current = await makeLink(sam.id);
    expect((await spendLink(replaced.token, 'a replaced attempt')).json().error.field).toBe('token');

    // The same secret claimed for another workspace, and a garbled one.
    const otherWs = current.token.replace(
      a.workspaceId.replaceAll('-', ''),
      b.workspaceId.replaceAll('-', ''),
    );
    expect((await spendLink(otherWs, 'a foreign attempt')).json().error.field).toBe('token');
    expect((await spendLink('not-a-token', 'a garbled attempt')).json().error.field).toBe('token');
    const noToken = await inject('GET', '/api/auth/password-reset');
    expect(noToken.statusCode).toBe(400);
    expect(noToken.json().error.field).toBe('token');
    const noBody = await inject('POST', '/api/auth/password-reset', { password: 'a fine password' });
    expect(noBody.json().error.field).toBe('token');
    expect((await inject('GET', '/api/auth/password-reset?token=rpr_nope')).json().error.field).toBe('token');
    expect((await login(sam.email, 'a brand new password')).statusCode).toBe(200);
    expect((await spendLink(current.token, 'the current link works')).statusCode).toBe(200);
  });

  it('lets only user admins make links, for users of their own workspace that are active', async () => {
    const bob = await api.addUser(a, 'sales');
    const bySales = await inject('POST', `/api/users/${bob.id}/password-reset`, undefined, {
      headers: bearer(sam.token),
    });
    expect(bySales.statusCode).toBe(403);
    const foreign = await inject('POST', `/api/users/${bob.id}/password-reset`, undefined, {
      headers: bearer(b.adminToken),
    });
    expect(foreign.statusCode).toBe(404);
    const unknown = await inject('POST', `/api/users/${crypto.randomUUID()}/password-reset`, undefined, {
      headers: bearer(a.adminToken),
    });
    expect(unknown.statusCode).toBe(404);
    const badId = await inject('POST', '/api/users/not-a-uuid/password-reset', undefined, {
      headers: bearer(a.adminToken),
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.field).toBe('id');
    await inject('PATCH', `/api/users/${bob.id}`, { active: false }, { headers: bearer(a.adminToken) });
    const inactive = await inject('POST', `/api/users/${bob.id}/password-reset`, undefined, {
      headers: bearer(a.adminToken),
    });
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error.field).toBe('id');
    const { rows } = await sql`select 1 from password_resets where user_id = ${bob.id}`.execute(
      api.database.db,
    );
    expect(rows).toHaveLength(0);
  });

  it('limits reset link attempts per address, as login does', async () => {
    const address = '10.9.9.9';
    for (let i = 0; i < 30; i++) {
      const r = await spendLink(`rpr_${'0'.repeat(32)}_${'x'.repeat(40)}`, 'whatever password', {
        remoteAddress: address,
      });
      expect(r.statusCode).toBe(400);
    }
    const link = await makeLink(sam.id);
    const limited = await spendLink(link.token, 'a limited attempt', { remoteAddress: address });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    // The link was not spent by the refused attempt.
    expect((await inject('GET', `/api/auth/password-reset?token=${link.token}`)).statusCode).toBe(200);
  });

  it('changes one’s own password with the current one, keeping only this session', async () => {
    const email = 'kim@resets.example.com';
    await api.addUser(a, 'service', email);
    const mine = await session(email, 'correct horse battery');
    const elsewhere = await session(email, 'correct horse battery');
    const change = (body: object, s = mine) =>
      api.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        cookies: s.cookies,
        headers: { 'x-csrf-token': s.csrf },
        payload: body,
      });

    const wrong = await change({ currentPassword: 'not my password', newPassword: 'a fine new password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('currentPassword');
    const short = await change({ currentPassword: 'correct horse battery', newPassword: 'short' });
    expect(short.json().error.field).toBe('newPassword');
    const same = await change({
      currentPassword: 'correct horse battery',
      newPassword: 'correct horse battery',
    });
    expect(same.json().error.field).toBe('newPassword');
    const extra = await change({ currentPassword: 'x', newPassword: 'a fine new password', admin: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.field).toBe('admin');
    // Nothing changed: the other session lives, and the old password is still the current one below.
    expect((await me(elsewhere)).statusCode).toBe(200);

    const ok = await change({ currentPassword: 'correct horse battery', newPassword: 'a fine new password' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().sessionsEnded).toBe(1);
    expect((await me(mine)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await login(email, 'correct horse battery')).statusCode).toBe(401);
    expect((await login(email, 'a fine new password')).statusCode).toBe(200);

    const anonymous = await inject('POST', '/api/auth/password', {
      currentPassword: 'a fine new password',
      newPassword: 'another new password',
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('stops guessing the current password after 5 wrong tries', async () => {
    const email = 'lee@resets.example.com';
    const lee = await api.addUser(a, 'sales', email);
    const change = (currentPassword: string) =>
      inject(
        'POST',
        '/api/auth/password',
        { currentPassword, newPassword: 'a fine new password' },
        { headers: bearer(lee.token) },
      );
    for (let i = 0; i < 5; i++) expect((await change(`guess number ${i}`)).statusCode).toBe(400);
    expect((await change('correct horse battery')).statusCode).toBe(429);
    expect((await login(email, 'correct horse battery')).statusCode).toBe(200);
  });
});
