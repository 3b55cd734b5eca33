import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';
import { SYSTEM_PRINCIPAL } from './permissions';
import { createUser } from './users';

const PASSWORD = 'correct horse battery';

interface Attempt {
  email: string;
  password?: string;
  /** The connection's own address. */
  remoteAddress?: string;
  /** What the client claims in X-Forwarded-For. */
  forwardedFor?: string;
  /** What the client claims in X-Forwarded-Proto. */
  forwardedProto?: string;
  device?: string;
  workspace?: string;
}

function loginAs(api: TestApi, slug: string) {
  return (attempt: Attempt) =>
    api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: {
        workspace: attempt.workspace ?? slug,
        email: attempt.email,
        password: attempt.password ?? PASSWORD,
      },
      remoteAddress: attempt.remoteAddress ?? '10.9.9.9',
      headers: {
        ...(attempt.forwardedFor ? { 'x-forwarded-for': attempt.forwardedFor } : {}),
        ...(attempt.forwardedProto ? { 'x-forwarded-proto': attempt.forwardedProto } : {}),
      },
      cookies: attempt.device ? { rapport_device: attempt.device } : {},
    });
}

/** A user without a password (a failed login then costs no hashing: these tests make many). */
const staff = (api: TestApi, tenant: TestTenant, email: string) =>
  createUser(api.database.db, SYSTEM_PRINCIPAL(tenant.workspaceId), { email, role: 'sales' });

const deviceOf = (r: { cookies: { name: string; value: string }[] }) =>
  r.cookies.find((c) => c.name === 'rapport_device')?.value;

describeEachDatabase('login throttling that cannot be sprayed or turned against the owner', (kind) => {
  describe('with no proxy trusted (the default)', () => {
    let api: TestApi;
    let tenant: TestTenant;
    beforeAll(async () => {
      api = await createTestApi(kind);
      tenant = await api.addTenant('spray');
      // 50 accounts sprayed, 10 of them real (no password set: a failure costs no hashing here).
      for (let i = 0; i < 10; i++) await staff(api, tenant, `user${i * 5}@spray.example.com`);
    });
    afterAll(() => api.close());

    it('ignores a forged X-Forwarded-For: a spray from one connection is cut off', async () => {
      const login = loginAs(api, 'spray');
      let through = 0;
      let limited = 0;
      for (let i = 0; i < 50; i++) {
        const r = await login({
          email: `user${i}@spray.example.com`,
          password: `guess ${i}`,
          remoteAddress: '203.0.113.7',
          forwardedFor: `198.51.100.${i + 1}`,
        });
        if (r.statusCode === 401) through++;
        else if (r.statusCode === 429) limited++;
      }
      // Every attempt counted against the one real address (30 per 15 minutes) and the workspace.
      expect(through).toBeLessThanOrEqual(30);
      expect(limited).toBe(50 - through);
    }, 180_000);

    it('sets the device cookie HttpOnly and SameSite=Strict, for the login route only', async () => {
      await api.addTenant('cookie');
      const r = await loginAs(
        api,
        'cookie',
      )({ email: 'admin@cookie.example.com', remoteAddress: '10.1.1.1' });
      expect(r.statusCode).toBe(200);
      const cookie = String(r.headers['set-cookie']);
      expect(cookie).toMatch(
        /rapport_device=[A-Za-z0-9_-]{40,}; Max-Age=31536000; Path=\/api\/auth\/login; HttpOnly; SameSite=Strict/,
      );
    });

    it('does not mark cookies Secure over http, whatever the client claims of its protocol', async () => {
      await api.addTenant('plain');
      const r = await loginAs(
        api,
        'plain',
      )({ email: 'admin@plain.example.com', remoteAddress: '10.1.1.2', forwardedProto: 'https' });
      expect(r.statusCode).toBe(200);
      const cookies = r.headers['set-cookie'] as string[];
      expect(cookies).toHaveLength(2);
      for (const cookie of cookies) expect(cookie).not.toContain('Secure');
    });
  });

  describe('behind a proxy the settings name (TRUST_PROXY), 10 failures a minute per workspace', () => {
    let api: TestApi;
    let tenant: TestTenant;
    beforeAll(async () => {
      api = await createTestApi(kind, {
        TRUST_PROXY: '127.0.0.1',
        LOGIN_FAILURES_PER_WORKSPACE_PER_MINUTE: '10',
      });
      tenant = await api.addTenant('victim');
      await api.addUser(tenant, 'sales', 'owner@victim.example.com');
      for (let i = 0; i < 20; i++) await staff(api, tenant, `staff${i}@victim.example.com`);
    });
    afterAll(() => api.close());

    it('slows the account after 5 failures instead of locking it, and trips the workspace limit on a spray', async () => {
      const login = loginAs(api, 'victim');
      const viaProxy = (email: string, n: number, password?: string) =>
        login({ email, password, remoteAddress: '127.0.0.1', forwardedFor: `198.51.100.${n}` });

      // The owner logs in once from their own browser and address.
      const first = await viaProxy('owner@victim.example.com', 200);
      expect(first.statusCode).toBe(200);
      const device = deviceOf(first);
      expect(device).toBeDefined();

      // An attacker, from a new address each time (as the trusted proxy reports them), guesses the owner's password.
      const guesses = [];
      for (let i = 0; i < 6; i++)
        guesses.push((await viaProxy('owner@victim.example.com', i + 1, 'wrong')).statusCode);
      expect(guesses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      // A backoff, not a 15-minute lock: the sixth guess waits a second.
      expect(guesses[5]).toBe(429);
      const waited = await viaProxy('owner@victim.example.com', 7, 'wrong');
      expect(Number(waited.headers['retry-after'])).toBeLessThanOrEqual(2);

      // The spray over the workspace's accounts trips the workspace's limit (10 failures a minute).
      const spray = [];
      for (let i = 0; i < 20; i++)
        spray.push((await viaProxy(`staff${i}@victim.example.com`, 100 + i, 'wrong')).statusCode);
      expect(spray.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
      expect(spray.slice(-5)).toEqual([429, 429, 429, 429, 429]);

      // Meanwhile the owner: from their known browser, in; from their known address, in; from a new place, waits.
      const withDevice = await login({
        email: 'owner@victim.example.com',
        remoteAddress: '127.0.0.1',
        forwardedFor: '192.0.2.77',
        device,
      });
      expect(withDevice.statusCode).toBe(200);
      const fromKnownAddress = await viaProxy('owner@victim.example.com', 200);
      expect(fromKnownAddress.statusCode).toBe(200);
      const fromNowhere = await viaProxy('staff0@victim.example.com', 250);
      expect(fromNowhere.statusCode).toBe(429);
    }, 180_000);

    it('does not take a device cookie as a way around the password', async () => {
      const login = loginAs(api, 'victim');
      // From the owner's known address (the workspace's limit, tripped above, does not hold there).
      const known = await login({
        email: 'owner@victim.example.com',
        remoteAddress: '127.0.0.1',
        forwardedFor: '198.51.100.200',
      });
      expect(known.statusCode).toBe(200);
      const device = deviceOf(known) as string;
      const statuses = [];
      for (let i = 0; i < 12; i++)
        statuses.push(
          (
            await login({
              email: 'owner@victim.example.com',
              password: 'wrong',
              device,
              remoteAddress: '127.0.0.1',
              forwardedFor: '192.0.2.9',
            })
          ).statusCode,
        );
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    }, 180_000);

    it('marks cookies Secure when the named proxy says the request came over https', async () => {
      await api.addTenant('proxied');
      const login = loginAs(api, 'proxied');
      const over = (proto: string) =>
        login({
          email: 'admin@proxied.example.com',
          remoteAddress: '127.0.0.1',
          forwardedFor: '198.51.100.240',
          forwardedProto: proto,
        });
      const https = await over('https');
      expect(https.statusCode).toBe(200);
      for (const cookie of https.headers['set-cookie'] as string[]) expect(cookie).toContain('Secure');
      const http = await over('http');
      expect(http.statusCode).toBe(200);
      for (const cookie of http.headers['set-cookie'] as string[]) expect(cookie).not.toContain('Secure');
    });
  });

  describe('served over https (PUBLIC_URL)', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await createTestApi(kind, { PUBLIC_URL: 'https://crm.example.com' });
      await api.addTenant('secure');
    });
    afterAll(() => api.close());

    it('marks every cookie Secure', async () => {
      const r = await loginAs(api, 'secure')({ email: 'admin@secure.example.com' });
      expect(r.statusCode).toBe(200);
      const cookies = r.headers['set-cookie'] as string[];
      expect(cookies).toHaveLength(2);
      for (const cookie of cookies) expect(cookie).toContain('Secure');
    });
  });
});
