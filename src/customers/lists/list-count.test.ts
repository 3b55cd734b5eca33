import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withTenant } from '../../db/index';
import { resolveApiToken } from '../../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';
import { countAccounts } from '../accounts/accounts-list';
import { countPeople, namePrefixCondition } from './people-list';
import { customers } from '../tables';

describeEachDatabase('list counts: people and accounts matching the filters', (kind) => {
  let api: TestApi;
  let t: TestTenant;
  let other: TestTenant;
  let reader: { id: string; token: string };
  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const count = async (list: 'people' | 'accounts', query: string, token = t.adminToken) => {
    const r = await call(token, 'GET', `/api/${list}/count${query ? `?${query}` : ''}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { count: number; exact: boolean };
  };
  /** The length of the list itself with the same filters, page by page. */
  const listed = async (list: 'people' | 'accounts', query: string, token = t.adminToken) => {
    let n = 0;
    let cursor: string | null = null;
    do {
      const r = await call(
        token,
        'GET',
        `/api/${list}?limit=200&${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      n += r.json().items.length;
      cursor = r.json().nextCursor;
    } while (cursor);
    return n;
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    t = await api.addTenant('counts');
    other = await api.addTenant('counts-other');
    await call(t.adminToken, 'POST', '/api/roles', {
      name: 'own-reader',
      grants: { people: { read: 'own' }, accounts: { read: 'own' } },
    });
    reader = await api.addUser(t, 'own-reader');
    await call(t.adminToken, 'POST', '/api/attributes', {
      objectType: 'people',
      key: 'tier',
      label: 'Tier',
      type: 'text',
    });
    const people = Array.from({ length: 30 }, (_, i) => ({
      displayName: `${i % 3 === 0 ? 'Ann' : 'Bob'} ${i}`,
      lifecycleStage: i % 2 === 0 ? 'customer' : 'awareness',
      ownerId: i < 4 ? reader.id : null,
      attributes: i % 5 === 0 ? { tier: 'gold' } : {},
    }));
    const ids: string[] = [];
    for (const p of people) ids.push((await call(t.adminToken, 'POST', '/api/people', p)).json().id);
    await call(t.adminToken, 'POST', '/api/people/bulk-update', { ids: ids.slice(0, 7), addTags: ['vip'] });
    for (let i = 0; i < 12; i++) {
      await call(t.adminToken, 'POST', '/api/accounts', {
        name: `${i % 2 ? 'Acme' : 'Globex'} ${i}`,
        industry: i % 3 === 0 ? 'retail' : 'energy',
        ownerId: i < 2 ? reader.id : null,
      });
    }
    const accounts = await call(t.adminToken, 'GET', '/api/accounts?industry=retail');
    await call(t.adminToken, 'POST', '/api/accounts/bulk-update', {
      ids: accounts
        .json()
        .items.slice(0, 2)
        .map((a: { id: string }) => a.id),
      addTags: ['vip'],
    });
    // Another workspace with people and accounts of its own, some tagged alike.
    for (let i = 0; i < 5; i++) {
      await call(other.adminToken, 'POST', '/api/people', {
        displayName: `Ann ${i}`,
        lifecycleStage: 'customer',
      });
    }
    await call(other.adminToken, 'POST', '/api/accounts', { name: 'Acme', industry: 'retail' });
  });
  afterAll(async () => api?.close());

  it('counts what the people list shows, filter by filter', async () => {
    const cases: [string, number][] = [
      ['', 30],
      ['lifecycleStage=customer', 15],
      ['tag=vip', 7],
      ['tag=VIP&lifecycleStage=awareness', 3],
      ['namePrefix=ann', 10],
      ['namePrefix=ANN', 10],
      ['namePrefix=bob%201', 8], // Bob 1, 10, 11, 13, 14, 16, 17, 19
      ['namePrefix=nn', 0], // a prefix, not a substring
      ['namePrefix=%25', 0], // literal, not a pattern
      ['namePrefix=ann&lifecycleStage=customer', 5],
      ['attr.tier=gold', 6],
      ['attr.tier=gold&lifecycleStage=customer', 3],
      [`ownerId=${reader.id}`, 4],
      ['tag=nobody', 0],
    ];
    for (const [query, n] of cases) {
      expect(await count('people', query), query).toEqual({ count: n, exact: true });
      expect(await listed('people', query), query).toBe(n);
    }
  });

  it('filters by name prefix on an index range inside a tenant transaction (row-level security on)', async () => {
    const plan = await withTenant(api.database.db, t.workspaceId, async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${customers(trx)
        .selectFrom('people')
        .select('id')
        .where('workspace_id', '=', t.workspaceId)
        .where(namePrefixCondition('Ann'))}`.execute(trx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    // The prefix bounds the index scan; it is not a filter on every person of the workspace.
    expect(plan).toMatch(/people_name_key/);
    expect(plan).toMatch(/(Index (Only )?|Recheck )Cond: .*name_key ~>=~ 'ann'/);
  });

  it('counts what the accounts list shows, filter by filter', async () => {
    const cases: [string, number][] = [
      ['', 12],
      ['industry=retail', 4],
      ['tag=vip', 2],
      ['tag=vip&industry=energy', 0],
      ['namePrefix=acme', 6],
      [`ownerId=${reader.id}`, 2],
    ];
    for (const [query, n] of cases) {
      expect(await count('accounts', query), query).toEqual({ count: n, exact: true });
      expect(await listed('accounts', query), query).toBe(n);
    }
  });

  it('counts only the caller’s workspace and what the caller may read', async () => {
    expect(await count('people', '', other.adminToken)).toEqual({ count: 5, exact: true });
    expect(await count('people', 'tag=vip', other.adminToken)).toEqual({ count: 0, exact: true });
    expect(await count('accounts', '', other.adminToken)).toEqual({ count: 1, exact: true });
    expect(await count('people', '', reader.token)).toEqual({ count: 4, exact: true });
    expect(await count('accounts', '', reader.token)).toEqual({ count: 2, exact: true });
  });

  it('stops counting at the cap and says the count is not exact', async () => {
    const actor = (await resolveApiToken(api.database.db, t.adminToken))!;
    expect(await countPeople(api.database.db, actor, {}, 10)).toEqual({ count: 10, exact: false });
    expect(await countPeople(api.database.db, actor, {}, 30)).toEqual({ count: 30, exact: true });
    expect(await countPeople(api.database.db, actor, { tag: 'vip' }, 10)).toEqual({ count: 7, exact: true });
    expect(await countAccounts(api.database.db, actor, {}, 5)).toEqual({ count: 5, exact: false });
  });

  it('refuses bad filters naming the parameter, and score filters to a role without analytics', async () => {
    const cases: [string, string, string][] = [
      ['people', 'lifecycleStage=bogus', 'lifecycleStage'],
      ['people', 'sort=displayName', 'sort'],
      ['people', 'attr.nope=1', 'attr.nope'],
      ['people', 'churnRisk.gte=2', 'churnRisk.gte'],
      ['accounts', 'colour=red', 'colour'],
      ['accounts', 'ownerId=nope', 'ownerId'],
    ];
    for (const [list, query, field] of cases) {
      const r = await call(t.adminToken, 'GET', `/api/${list}/count?${query}`);
      expect(r.statusCode, query).toBe(400);
      expect(r.json().error.field, query).toBe(field);
    }
    const r = await call(reader.token, 'GET', '/api/people/count?segment=champions');
    expect(r.statusCode).toBe(403);
  });
});
