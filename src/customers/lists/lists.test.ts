import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, type TestApi, type TestTenant, createTestApi } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';

describeEachDatabase('people list: sort, tags, bulk changes, saved views', (kind) => {
  let api: TestApi;
  let t: TestTenant;
  let sales: { id: string; token: string };
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const names = ['Cleo', 'anna', 'Bob', 'Anna', 'bob', 'Dave', 'Anna', 'Eve', 'Cleo', 'Bob', 'Fay', 'Anna'];
  const ids: string[] = [];

  /** Every page of the list in order, following nextCursor. */
  async function all(query: string, limit = 5) {
    const seen: { id: string; displayName: string; ownerId: string | null; tags: string[] }[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(
        t.adminToken,
        'GET',
        `/api/people?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.statusCode, r.body).toBe(200);
      seen.push(...r.json().items);
      cursor = r.json().nextCursor;
    } while (cursor);
    return seen;
  }

  beforeAll(async () => {
    api = await createTestApi(kind);
    t = await api.addTenant('lists');
    sales = await api.addUser(t, 'sales');
    for (const [i, displayName] of names.entries()) {
      const r = await call(t.adminToken, 'POST', '/api/people', {
        displayName,
        ownerId: i < 3 ? sales.id : null,
      });
      ids.push(r.json().id);
    }
  });
  afterAll(async () => api?.close());

  it('sorts by name either way, paging by cursor without skipping or repeating ties', async () => {
    const asc = await all('sort=displayName');
    expect(asc.map((p) => p.id).sort()).toEqual([...ids].sort());
    // The database's collation orders the names: one page of all must equal the pages joined, and
    // equal names (the ties the id breaks) must come together.
    expect(asc).toEqual(await all('sort=displayName', 200));
    const ascNames = asc.map((p) => p.displayName);
    expect(ascNames.filter((n, i) => n !== ascNames[i - 1])).toEqual([...new Set(ascNames)]);
    expect(ascNames.slice(0, 1)).not.toEqual(ascNames.slice(-1));
    const desc = await all('sort=-displayName', 4);
    expect(desc.map((p) => p.id)).toEqual(asc.map((p) => p.id).reverse());
    const newest = await all('', 7);
    expect(newest.map((p) => p.id)).toEqual([...ids].reverse());
  });

  it('refuses a cursor of another sort order and an unknown sort', async () => {
    const first = await call(t.adminToken, 'GET', '/api/people?limit=2&sort=displayName');
    const cursor = first.json().nextCursor;
    const r = await call(t.adminToken, 'GET', `/api/people?limit=2&sort=-updatedAt&cursor=${cursor}`);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('cursor');
    expect((await call(t.adminToken, 'GET', '/api/people?sort=birthday')).statusCode).toBe(400);
  });

  it('assigns an owner and adds a tag to a selection, refusing the records the role may not update', async () => {
    // The sales role updates its own records (no team): the first three people are its own.
    const r = await call(sales.token, 'POST', '/api/people/bulk-update', {
      ids: ids.slice(0, 5),
      addTags: [' VIP '],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ matched: 5, updated: 3, refused: 2 });
    const vip = await all('tag=vip');
    expect(vip.map((p) => p.id).sort()).toEqual(ids.slice(0, 3).sort());
    expect(vip[0]?.tags).toEqual(['vip']);

    const owner = await call(t.adminToken, 'POST', '/api/people/bulk-update', {
      filter: { tag: 'vip' },
      ownerId: t.adminId,
      addTags: ['called'],
    });
    expect(owner.json()).toEqual({ matched: 3, updated: 3, refused: 0 });
    const after = await all('tag=called');
    expect(after.every((p) => p.ownerId === t.adminId && p.tags.join() === 'called,vip')).toBe(true);

    const audit = await call(t.adminToken, 'GET', `/api/audit?objectType=people&objectId=${ids[0]}`);
    const entry = audit.json().items[0];
    expect(entry.changes.owner_id).toEqual({ before: sales.id, after: t.adminId });
    expect(entry.changes.tags).toEqual({ before: ['vip'], after: ['called', 'vip'] });
  });

  it('refuses an owner from outside the workspace and a change that says nothing', async () => {
    const other = await api.addTenant('lists-other');
    const r = await call(t.adminToken, 'POST', '/api/people/bulk-update', { ids, ownerId: other.adminId });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('ownerId');
    expect((await call(t.adminToken, 'POST', '/api/people/bulk-update', { ids })).statusCode).toBe(400);
  });

  it('saves views per user, shares them with the workspace, and lets only their owner change them', async () => {
    const definition = { filters: { lifecycleStage: 'customer', 'attr.tier': 'gold' }, sort: 'displayName' };
    const mine = await call(t.adminToken, 'POST', '/api/views', {
      objectType: 'people',
      name: 'Gold',
      definition,
    });
    expect(mine.statusCode, mine.body).toBe(201);
    const again = await call(t.adminToken, 'POST', '/api/views', {
      objectType: 'people',
      name: 'Gold',
      definition,
    });
    expect(again.statusCode).toBe(409);
    expect((await call(sales.token, 'GET', '/api/views?objectType=people')).json().items).toEqual([]);

    const id = mine.json().id;
    await call(t.adminToken, 'PATCH', `/api/views/${id}`, { shared: true });
    const seen = (await call(sales.token, 'GET', '/api/views?objectType=people')).json().items;
    expect(seen).toMatchObject([{ id, name: 'Gold', shared: true, mine: false, definition }]);
    expect((await call(sales.token, 'DELETE', `/api/views/${id}`)).statusCode).toBe(403);
    expect((await call(t.adminToken, 'DELETE', `/api/views/${id}`)).statusCode).toBe(204);
    expect((await call(sales.token, 'GET', '/api/views?objectType=people')).json().items).toEqual([]);
  });

  it('lists tags in use and looks up the tags of accounts', async () => {
    const tags = (await call(t.adminToken, 'GET', '/api/tags?objectType=people')).json().items;
    expect(tags).toEqual([
      { tag: 'called', count: 3 },
      { tag: 'vip', count: 3 },
    ]);
    const account = (await call(t.adminToken, 'POST', '/api/accounts', { name: 'Acme' })).json().id;
    const r = await call(t.adminToken, 'POST', '/api/accounts/bulk-update', {
      ids: [account],
      addTags: ['key'],
    });
    expect(r.json().updated).toBe(1);
    const lookup = await call(t.adminToken, 'POST', '/api/tags/lookup', {
      objectType: 'accounts',
      ids: [account],
    });
    expect(lookup.json().tags).toEqual({ [account]: ['key'] });
  });
});
