import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';

describeEachDatabase('people and identities', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
  });
  afterAll(() => api.close());

  it('creates a person whose identities are normalised, and records it in the audit log', async () => {
    const r = await call(a.adminToken, 'POST', '/api/people', {
      firstName: 'Ann',
      lastName: 'Lee',
      identities: [
        { kind: 'email', value: 'Ann.Lee@Example.com' },
        { kind: 'phone', value: '(415) 555-0100' },
        { kind: 'external', value: 'Shop:123' },
      ],
    });
    expect(r.statusCode).toBe(201);
    const person = r.json();
    expect(person).toMatchObject({ displayName: 'Ann Lee', lifecycleStage: 'awareness', ownerId: a.adminId });
    expect(person.identities.map((i: { value: string }) => i.value).sort()).toEqual([
      '+14155550100',
      'ann.lee@example.com',
      'shop:123',
    ]);
    const audit = (await call(a.adminToken, 'GET', `/api/audit/people/${person.id}`)).json().items;
    expect(audit[0]).toMatchObject({
      action: 'create',
      changes: { display_name: { before: null, after: 'Ann Lee' } },
    });
  });

  it('takes the fixed-point shape: firstName, lastName, emails, phones, country', async () => {
    const r = await call(a.adminToken, 'POST', '/api/people', {
      firstName: 'Ann',
      lastName: 'Lee',
      emails: ['Ann.Lee2@Example.com'],
      phones: ['(212) 555-0100'],
      country: 'US',
    });
    expect(r.statusCode).toBe(201);
    const person = r.json();
    expect(person.id).toEqual(expect.any(String));
    expect(person.identities.map((i: { value: string }) => i.value).sort()).toEqual([
      '+12125550100',
      'ann.lee2@example.com',
    ]);
    const bad = await call(a.adminToken, 'POST', '/api/people', { firstName: 'X', phones: ['12'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('phones.0');
  });

  it('keeps an exact identifier on one person: another format of the same phone is a 409 naming the field', async () => {
    const r = await call(a.adminToken, 'POST', '/api/people', {
      displayName: 'Impostor',
      identities: [{ kind: 'phone', value: '+1 415.555.0100' }],
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().error).toMatchObject({ code: 'conflict', field: 'identities.0.value' });
    const bad = await call(a.adminToken, 'POST', '/api/people', {
      identities: [{ kind: 'phone', value: 'call me' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('identities.0.value');
    const other = await call(b.adminToken, 'POST', '/api/people', {
      displayName: 'Same phone, other workspace',
      identities: [{ kind: 'phone', value: '415-555-0100' }],
    });
    expect(other.statusCode).toBe(201);
  });

  it("hides a workspace's people from another: 404 for its ids", async () => {
    const mine = (await call(a.adminToken, 'GET', '/api/people')).json().items;
    const id = mine[0].id;
    expect((await call(b.adminToken, 'GET', `/api/people/${id}`)).statusCode).toBe(404);
    expect((await call(b.adminToken, 'PATCH', `/api/people/${id}`, { notes: 'x' })).statusCode).toBe(404);
    const theirs = (await call(b.adminToken, 'GET', '/api/people')).json().items;
    expect(theirs.map((p: { displayName: string }) => p.displayName)).toEqual([
      'Same phone, other workspace',
    ]);
  });

  it('records each lifecycle change with its time, and audits the field change', async () => {
    const p = (await call(a.adminToken, 'POST', '/api/people', { displayName: 'Stage Walker' })).json();
    await call(a.adminToken, 'PATCH', `/api/people/${p.id}`, { lifecycleStage: 'consideration' });
    await call(a.adminToken, 'PATCH', `/api/people/${p.id}`, { lifecycleStage: 'customer', notes: 'bought' });
    const { rows } = await sql<{ from_stage: string | null; to_stage: string }>`
      select from_stage, to_stage from lifecycle_changes where person_id = ${p.id} order by id`.execute(
      api.database.db,
    );
    expect(rows).toEqual([
      { from_stage: null, to_stage: 'awareness' },
      { from_stage: 'awareness', to_stage: 'consideration' },
      { from_stage: 'consideration', to_stage: 'customer' },
    ]);
    const audit = (await call(a.adminToken, 'GET', `/api/audit/people/${p.id}`)).json().items;
    expect(audit[0].changes).toEqual({
      lifecycle_stage: { before: 'consideration', after: 'customer' },
      notes: { before: null, after: 'bought' },
    });
    const bad = await call(a.adminToken, 'PATCH', `/api/people/${p.id}`, { lifecycleStage: 'sleeping' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('lifecycleStage');
  });

  it('lets a sales rep update people of their team only (team level), and read everyone', async () => {
    const rep = await api.addUser(a, 'sales');
    const p = (
      await call(a.adminToken, 'POST', '/api/people', { displayName: 'Admin Owned', teamId: null })
    ).json();
    expect((await call(rep.token, 'GET', `/api/people/${p.id}`)).statusCode).toBe(200);
    const denied = await call(rep.token, 'PATCH', `/api/people/${p.id}`, { notes: 'mine now' });
    expect(denied.statusCode).toBe(403);
    const own = (await call(rep.token, 'POST', '/api/people', { displayName: 'Rep Owned' })).json();
    expect(own.ownerId).toBe(rep.id);
  });

  it('pages through people newest first with a cursor, without gaps or repeats, and filters by name prefix', async () => {
    for (let i = 0; i < 7; i++)
      await call(a.adminToken, 'POST', '/api/people', { displayName: `Pager ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/people?namePrefix=pager&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await call(a.adminToken, 'GET', url)).json();
      seen.push(...page.items.map((p: { displayName: string }) => p.displayName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Pager 6', 'Pager 5', 'Pager 4', 'Pager 3', 'Pager 2', 'Pager 1', 'Pager 0']);
    const bad = await call(a.adminToken, 'GET', '/api/people?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cursor');
  });

  it('adds and removes an identity', async () => {
    const p = (await call(a.adminToken, 'POST', '/api/people', { displayName: 'Ident Ity' })).json();
    const added = await call(a.adminToken, 'POST', `/api/people/${p.id}/identities`, {
      kind: 'email',
      value: 'ID@x.io',
    });
    expect(added.statusCode).toBe(201);
    const identity = added.json().identities[0];
    expect(identity.value).toBe('id@x.io');
    expect(
      (await call(a.adminToken, 'DELETE', `/api/people/${p.id}/identities/${identity.id}`)).statusCode,
    ).toBe(204);
    expect((await call(a.adminToken, 'GET', `/api/people/${p.id}`)).json().identities).toEqual([]);
  });
});
