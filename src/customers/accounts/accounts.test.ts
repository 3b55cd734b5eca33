import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';

describeEachDatabase('accounts and memberships', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const person = async (token: string, displayName: string) => {
    const r = await call(token, 'POST', '/api/people', { displayName });
    expect(r.statusCode).toBe(201);
    return r.json().id as string;
  };
  const account = async (token: string, body: object) => {
    const r = await call(token, 'POST', '/api/accounts', body);
    expect(r.statusCode).toBe(201);
    return r.json().id as string;
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
  });
  afterAll(() => api.close());

  describe('an account', () => {
    it('is created with a normalised domain, read, changed and deleted, each write audited', async () => {
      const r = await call(a.adminToken, 'POST', '/api/accounts', {
        name: ' Globex Corporation ',
        domain: 'https://www.Globex.com/about',
        industry: 'manufacturing',
        size: '51-200',
      });
      expect(r.statusCode).toBe(201);
      const created = r.json();
      expect(created).toMatchObject({
        name: 'Globex Corporation',
        domain: 'globex.com',
        industry: 'manufacturing',
        size: '51-200',
        ownerId: a.adminId,
        attributes: {},
      });
      expect((await call(a.adminToken, 'GET', `/api/accounts/${created.id}`)).json()).toEqual(created);

      const patched = await call(a.adminToken, 'PATCH', `/api/accounts/${created.id}`, {
        name: 'Globex',
        size: null,
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ name: 'Globex', size: null, domain: 'globex.com' });

      const bad = await call(a.adminToken, 'POST', '/api/accounts', { name: 'X', domain: 'not a domain' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('domain');
      const badOwner = await call(a.adminToken, 'POST', '/api/accounts', {
        name: 'X',
        ownerId: '00000000-0000-4000-8000-000000000001',
      });
      expect(badOwner.json().error).toMatchObject({ code: 'validation_failed', field: 'ownerId' });

      expect((await call(a.adminToken, 'DELETE', `/api/accounts/${created.id}`)).statusCode).toBe(204);
      expect((await call(a.adminToken, 'GET', `/api/accounts/${created.id}`)).statusCode).toBe(404);
      const audit = (await call(a.adminToken, 'GET', `/api/audit/accounts/${created.id}`)).json().items;
      expect(audit.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
      expect(audit[1].changes).toMatchObject({ name: { before: 'Globex Corporation', after: 'Globex' } });
    });

    it('is listed newest first with filters and a cursor', async () => {
      const ids: string[] = [];
      for (const [i, industry] of ['retail', 'retail', 'software', 'retail'].entries())
        ids.push(await account(a.adminToken, { name: `Listco ${i}`, domain: `listco${i}.com`, industry }));
      const page1 = (await call(a.adminToken, 'GET', '/api/accounts?namePrefix=listco&limit=3')).json();
      expect(page1.items.map((x: { id: string }) => x.id)).toEqual([ids[3], ids[2], ids[1]]);
      const page2 = (
        await call(a.adminToken, 'GET', `/api/accounts?namePrefix=LISTCO&limit=3&cursor=${page1.nextCursor}`)
      ).json();
      expect(page2).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
      const retail = (
        await call(a.adminToken, 'GET', '/api/accounts?namePrefix=Listco&industry=retail')
      ).json();
      expect(retail.items.map((x: { id: string }) => x.id)).toEqual([ids[3], ids[1], ids[0]]);
      const byDomain = (await call(a.adminToken, 'GET', '/api/accounts?domain=www.Listco2.com')).json();
      expect(byDomain.items.map((x: { id: string }) => x.id)).toEqual([ids[2]]);
      const unknown = await call(a.adminToken, 'GET', '/api/accounts?colour=red');
      expect(unknown.statusCode).toBe(400);
    });

    it('is found by the search box by name and by domain', async () => {
      const id = await account(a.adminToken, { name: 'Initech Systems', domain: 'initech.io' });
      const byName = (await call(a.adminToken, 'GET', '/api/search?q=initech')).json().results;
      expect(byName).toContainEqual(
        expect.objectContaining({ type: 'account', id, name: 'Initech Systems' }),
      );
      const byDomain = (await call(a.adminToken, 'GET', '/api/search?q=initech.io')).json().results;
      expect(byDomain[0]).toMatchObject({ type: 'account', id, matched: 'domain initech.io' });
    });

    it('needs the accounts grant: a read-only analyst may list but not create', async () => {
      const analyst = await api.addUser(a, 'analyst');
      expect((await call(analyst.token, 'GET', '/api/accounts')).statusCode).toBe(200);
      const r = await call(analyst.token, 'POST', '/api/accounts', { name: 'Nope' });
      expect(r.statusCode).toBe(403);
    });

    it('stays in its workspace', async () => {
      const id = await account(a.adminToken, { name: 'Private Holdings', domain: 'private.example' });
      const ann = await person(a.adminToken, 'Ann Private');
      const theirs = await account(b.adminToken, { name: 'Bolt Account' });
      expect((await call(b.adminToken, 'GET', `/api/accounts/${id}`)).statusCode).toBe(404);
      expect((await call(b.adminToken, 'PATCH', `/api/accounts/${id}`, { name: 'Stolen' })).statusCode).toBe(
        404,
      );
      expect((await call(b.adminToken, 'DELETE', `/api/accounts/${id}`)).statusCode).toBe(404);
      expect(
        (await call(b.adminToken, 'POST', `/api/accounts/${id}/members`, { personId: ann })).statusCode,
      ).toBe(404);
      const foreignPerson = await call(b.adminToken, 'POST', `/api/accounts/${theirs}/members`, {
        personId: ann,
      });
      expect(foreignPerson.statusCode).toBe(404);
      expect(foreignPerson.json().error.field).toBe('personId');
      const listed = (await call(b.adminToken, 'GET', '/api/accounts?limit=200')).json().items;
      expect(listed.map((x: { id: string }) => x.id)).toEqual([theirs]);
      const search = (await call(b.adminToken, 'GET', '/api/search?q=private')).json().results;
      expect(search).toEqual([]);
    });
  });

  describe('members', () => {
    it('belong to several accounts with a role; the first is primary; the person and the 360 show them', async () => {
      const x = await account(a.adminToken, { name: 'Xylo Ltd', domain: 'xylo.com' });
      const y = await account(a.adminToken, { name: 'Yak Inc' });
      const ann = await person(a.adminToken, 'Ann Member');
      const bob = await person(a.adminToken, 'Bob Member');

      const added = await call(a.adminToken, 'POST', `/api/accounts/${x}/members`, {
        personId: ann,
        role: 'buyer',
        since: '2025-01-01T00:00:00Z',
      });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toEqual({
        accountId: x,
        personId: ann,
        role: 'buyer',
        since: '2025-01-01T00:00:00.000Z',
      });
      const again = await call(a.adminToken, 'POST', `/api/accounts/${x}/members`, { personId: ann });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.field).toBe('personId');
      await call(a.adminToken, 'POST', `/api/accounts/${y}/members`, {
        personId: ann,
        role: 'decision maker',
      });
      await call(a.adminToken, 'POST', `/api/accounts/${x}/members`, { personId: bob });

      const got = (await call(a.adminToken, 'GET', `/api/people/${ann}`)).json();
      expect(got.accountId).toBe(x);
      expect(got.accounts).toEqual([
        expect.objectContaining({ accountId: x, name: 'Xylo Ltd', role: 'buyer', primary: true }),
        expect.objectContaining({ accountId: y, name: 'Yak Inc', role: 'decision maker', primary: false }),
      ]);
      const view = (await call(a.adminToken, 'GET', `/api/people/${ann}/360`)).json();
      expect(view.account).toMatchObject({ id: x, name: 'Xylo Ltd', domain: 'xylo.com', role: 'buyer' });
      expect(view.accounts.map((m: { id: string; role: string }) => [m.id, m.role])).toEqual([
        [x, 'buyer'],
        [y, 'decision maker'],
      ]);

      const members = (await call(a.adminToken, 'GET', `/api/accounts/${x}/members?limit=1`)).json();
      expect(members.items).toEqual([expect.objectContaining({ personId: ann, displayName: 'Ann Member' })]);
      const rest = (
        await call(a.adminToken, 'GET', `/api/accounts/${x}/members?cursor=${members.nextCursor}`)
      ).json();
      expect(rest.items.map((m: { personId: string }) => m.personId)).toEqual([bob]);

      const role = await call(a.adminToken, 'PATCH', `/api/accounts/${x}/members/${ann}`, {
        role: 'champion',
      });
      expect(role.json().role).toBe('champion');

      // Leaving the primary account: the next one becomes primary.
      expect((await call(a.adminToken, 'DELETE', `/api/accounts/${x}/members/${ann}`)).statusCode).toBe(204);
      const after = (await call(a.adminToken, 'GET', `/api/people/${ann}`)).json();
      expect(after.accountId).toBe(y);
      expect(after.accounts.map((m: { accountId: string }) => m.accountId)).toEqual([y]);
      expect((await call(a.adminToken, 'DELETE', `/api/accounts/${x}/members/${ann}`)).statusCode).toBe(404);
      const audit = (await call(a.adminToken, 'GET', `/api/audit/accounts/${x}`)).json().items;
      expect(audit[0].changes.member).toMatchObject({
        before: { personId: ann, role: 'champion' },
        after: null,
      });

      // Deleting an account moves its people's primary account on, and drops its memberships.
      expect((await call(a.adminToken, 'DELETE', `/api/accounts/${y}`)).statusCode).toBe(204);
      const none = (await call(a.adminToken, 'GET', `/api/people/${ann}`)).json();
      expect(none).toMatchObject({ accountId: null, accounts: [] });
    });

    it('move to the survivor of a merge without a duplicate membership', async () => {
      const x = await account(a.adminToken, { name: 'Merge Target Co' });
      const y = await account(a.adminToken, { name: 'Other Co' });
      const survivor = await person(a.adminToken, 'Sam Survivor');
      const merged = await person(a.adminToken, 'Sam Merged');
      await call(a.adminToken, 'POST', `/api/accounts/${x}/members`, {
        personId: survivor,
        since: '2025-06-01T00:00:00Z',
      });
      await call(a.adminToken, 'POST', `/api/accounts/${x}/members`, {
        personId: merged,
        role: 'decision maker',
        since: '2024-01-01T00:00:00Z',
      });
      await call(a.adminToken, 'POST', `/api/accounts/${y}/members`, { personId: merged, role: 'buyer' });

      const r = await call(a.adminToken, 'POST', '/api/people/merge', {
        survivorId: survivor,
        mergedId: merged,
        dryRun: false,
      });
      expect(r.statusCode).toBe(200);
      const members = (await call(a.adminToken, 'GET', `/api/accounts/${x}/members`)).json().items;
      // One membership, with the earlier since and the role only the merged person had.
      expect(members).toEqual([
        expect.objectContaining({
          personId: survivor,
          role: 'decision maker',
          since: '2024-01-01T00:00:00.000Z',
        }),
      ]);
      const got = (await call(a.adminToken, 'GET', `/api/people/${survivor}`)).json();
      expect(
        got.accounts.map((m: { accountId: string; role: string }) => [m.accountId, m.role]).sort(),
      ).toEqual(
        [
          [x, 'decision maker'],
          [y, 'buyer'],
        ].sort(),
      );
      expect(got.accountId).toBe(x);
    });

    it('keep an account that tasks refer to: deleting it is a 409', async () => {
      const x = await account(a.adminToken, { name: 'Tasked Co' });
      const t = await call(a.adminToken, 'POST', '/api/tasks', {
        title: 'Call the buyer',
        dueAt: '2030-01-01T10:00:00Z',
        accountId: x,
      });
      expect(t.statusCode).toBe(201);
      const r = await call(a.adminToken, 'DELETE', `/api/accounts/${x}`);
      expect(r.statusCode).toBe(409);
      expect((await call(a.adminToken, 'GET', `/api/accounts/${x}`)).statusCode).toBe(200);
    });
  });
});
