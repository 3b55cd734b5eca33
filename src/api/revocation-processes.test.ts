import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { testDatabaseKinds } from '../testing/db';
import { type ServerProcess, spawnServer } from '../testing/server';

/**
 * Two server processes on one PostgreSQL database, each keeping callers in memory: a change made
 * through one is seen by the other on its very next request (the workspace's auth version, read by
 * each request, is moved by the database itself).
 */
describe.skipIf(!testDatabaseKinds.includes('postgres'))(
  'a change to a caller’s access made by one server process, seen by another [postgres]',
  () => {
    let one: TestApi;
    let other: ServerProcess;
    let tenant: TestTenant;

    beforeAll(async () => {
      one = await createTestApi('postgres');
      tenant = await one.addTenant('twoproc');
      other = await spawnServer({ DATABASE_URL: one.database.url });
    }, 300_000);
    afterAll(async () => {
      await other?.stop();
      await one?.close();
    });

    /** A request to the other process. */
    const there = (path: string, headers: Record<string, string>) =>
      fetch(`${other.url}${path}`, { headers });
    const admin = () => bearer(tenant.adminToken);

    it('refuses a token revoked through the first process', async () => {
      const user = await one.addUser(tenant, 'sales');
      expect((await there('/api/teams', bearer(user.token))).status).toBe(200);
      expect((await there('/api/teams', bearer(user.token))).status).toBe(200);
      const tokens = (await one.app.inject({ method: 'GET', url: '/api/tokens', headers: admin() })).json()
        .items as { id: string; userId: string }[];
      const id = tokens.find((t) => t.userId === user.id)!.id;
      expect(
        (await one.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: admin() })).statusCode,
      ).toBe(204);
      expect((await there('/api/teams', bearer(user.token))).status).toBe(401);
    });

    it('ends there a session logged out here, and the other way round', async () => {
      const email = 'out@twoproc.example.com';
      await one.addUser(tenant, 'sales', email);
      for (const [loginAt, logoutAt] of [
        ['there', 'here'],
        ['here', 'there'],
      ] as const) {
        const base = loginAt === 'there' ? other.url : undefined;
        const body = JSON.stringify({ workspace: 'twoproc', email, password: 'correct horse battery' });
        let cookie: string;
        let csrf: string;
        if (base) {
          const r = await fetch(`${base}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          expect(r.status).toBe(200);
          cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] as string;
          csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
        } else {
          const r = await one.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: JSON.parse(body),
          });
          const c = r.cookies.find((x) => x.name === 'rapport_session')!;
          cookie = `${c.name}=${c.value}`;
          csrf = r.json().csrfToken;
        }
        const here = (url: string) => one.app.inject({ method: 'GET', url, headers: { cookie } });
        expect((await there('/api/teams', { cookie })).status).toBe(200);
        expect((await here('/api/teams')).statusCode).toBe(200);
        if (logoutAt === 'here') {
          const out = await one.app.inject({
            method: 'POST',
            url: '/api/auth/logout',
            headers: { cookie, 'x-csrf-token': csrf },
          });
          expect(out.statusCode).toBe(204);
        } else {
          const out = await fetch(`${other.url}/api/auth/logout`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrf },
          });
          expect(out.status).toBe(204);
        }
        expect((await there('/api/teams', { cookie })).status).toBe(401);
        expect((await here('/api/teams')).statusCode).toBe(401);
      }
    });

    it('shuts out there a user deactivated here, and applies a role changed here', async () => {
      const leaver = await one.addUser(tenant, 'sales');
      const mover = await one.addUser(tenant, 'admin');
      expect((await there('/api/teams', bearer(leaver.token))).status).toBe(200);
      expect((await there('/api/audit', bearer(mover.token))).status).toBe(200);
      const patch = (id: string, payload: object) =>
        one.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: admin(), payload });
      expect((await patch(leaver.id, { active: false })).statusCode).toBe(200);
      expect((await there('/api/teams', bearer(leaver.token))).status).toBe(401);
      expect((await patch(mover.id, { role: 'sales' })).statusCode).toBe(200);
      expect((await there('/api/audit', bearer(mover.token))).status).toBe(403);
    });
  },
);
