import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';
import { ACCOUNT_SORTS } from '../lists/list-sort';

interface Item {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
  tags: string[];
}

describeEachDatabase('accounts list: every sort order, tag filter', (kind) => {
  let api: TestApi;
  let t: TestTenant;
  let other: TestTenant;
  const owners: { id: string; name: string }[] = [];
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });

  /** Every page of the list in order, following nextCursor. */
  async function all(query: string, limit = 3, token = t.adminToken) {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(
        token,
        'GET',
        `/api/accounts?limit=${limit}&${query}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.statusCode, r.body).toBe(200);
      seen.push(...r.json().items);
      cursor = r.json().nextCursor;
    } while (cursor);
    return seen;
  }

  beforeAll(async () => {
    api = await createTestApi(kind);
    t = await api.addTenant('account-sorts');
    other = await api.addTenant('account-sorts-other');
    // Two owners of the same name (their ids order them) and one later in the alphabet.
    for (const [i, name] of ['Zed Zimmer', 'Amy Adams', 'Amy Adams'].entries()) {
      const r = await call(t.adminToken, 'POST', '/api/users', {
        email: `owner${i}@sorts.example`,
        name,
        role: 'sales',
      });
      owners.push({ id: r.json().id, name });
    }
    // Values in plain lower-case ASCII sort the same under every collation; ties and empty fields
    // on purpose. Created one by one, so createdAt orders them as made.
    const industries = ['retail', null, 'energy', 'retail', 'banking', null, 'energy', 'retail'];
    const sizes = ['a', 'b', null, 'a', null, 'c', 'b', 'a'];
    for (let i = 0; i < 16; i++) {
      const owner = i % 4 === 3 ? null : (owners[i % 3]?.id ?? null);
      const r = await call(t.adminToken, 'POST', '/api/accounts', {
        name: ['delta', 'alpha', 'charlie', 'bravo'][i % 4],
        domain: i % 5 === 0 ? null : `d${i % 6}.example`,
        industry: industries[i % 8],
        size: sizes[(i * 3) % 8],
        ownerId: owner,
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    await call(other.adminToken, 'POST', '/api/accounts', { name: 'alpha', industry: 'retail' });
  });
  afterAll(async () => api?.close());

  const fieldValue = (item: Item, field: string): string | null => {
    if (field === 'owner') {
      const owner = owners.find((o) => o.id === item.ownerId);
      return owner ? `${owner.name}\u0000${owner.id}` : null;
    }
    return (item as unknown as Record<string, string | null>)[field] ?? null;
  };
  /** The order the server must produce: the field (empty last), then the id; descending is the reverse. */
  const expected = (items: Item[], sort: string) => {
    const desc = sort.startsWith('-');
    const field = desc ? sort.slice(1) : sort;
    const asc = [...items].sort((a, b) => {
      const x = fieldValue(a, field);
      const y = fieldValue(b, field);
      if (x !== y) {
        if (x === null) return 1;
        if (y === null) return -1;
        return x < y ? -1 : 1;
      }
      return a.id < b.id ? -1 : 1;
    });
    return (desc ? asc.reverse() : asc).map((i) => i.id);
  };

  it('pages through every sort order by cursor without skipping or repeating, ties by id, empty last', async () => {
    const everything = await all('', 200);
    expect(everything).toHaveLength(16);
    for (const sort of ACCOUNT_SORTS) {
      for (const limit of [1, 5]) {
        const paged = await all(`sort=${sort}`, limit);
        expect(
          paged.map((i) => i.id),
          `${sort} by ${limit}`,
        ).toEqual(expected(everything, sort));
      }
    }
    // The default is newest first.
    expect((await all('')).map((i) => i.createdAt)).toEqual(
      everything.map((i) => i.createdAt).sort((a, b) => (a < b ? 1 : -1)),
    );
  });

  it('sorts by owner name, owners of one name by id, accounts without owner last', async () => {
    const byOwner = await all('sort=owner', 2);
    const ownerNames = byOwner.map((i) => owners.find((o) => o.id === i.ownerId)?.name ?? '—');
    expect(ownerNames).toEqual([
      ...Array(8).fill('Amy Adams'),
      ...Array(4).fill('Zed Zimmer'),
      ...Array(4).fill('—'),
    ]);
    const amys = owners.filter((o) => o.name === 'Amy Adams').map((o) => o.id);
    const firstAmy = [...amys].sort()[0];
    expect(byOwner.slice(0, 4).every((i) => i.ownerId === firstAmy)).toBe(true);
  });

  it('filters by tag (with the other filters and any sort) and returns each account with its tags', async () => {
    const retail = await all('industry=retail', 200);
    const picked = retail.slice(0, 3).map((i) => i.id);
    const tagged = await call(t.adminToken, 'POST', '/api/accounts/bulk-update', {
      ids: picked,
      addTags: ['VIP'],
    });
    expect(tagged.json()).toMatchObject({ updated: 3 });
    const vip = await all('tag=vip&sort=-name', 2);
    expect(vip.map((i) => i.id).sort()).toEqual([...picked].sort());
    expect(vip.every((i) => i.tags.includes('vip'))).toBe(true);
    expect(vip.map((i) => i.name)).toEqual([...vip.map((i) => i.name)].sort().reverse());
    expect(await all('tag=vip&industry=energy')).toEqual([]);
    expect(await all('tag=unknown')).toEqual([]);
    // "Every match" of a bulk change follows the tag filter too.
    const bulk = await call(t.adminToken, 'POST', '/api/accounts/bulk-update', {
      filter: { tag: 'vip' },
      addTags: ['gold'],
    });
    expect(bulk.json()).toEqual({ matched: 3, updated: 3, refused: 0 });
    // Another workspace's list is untouched by these tags.
    expect(await all('tag=vip', 3, other.adminToken)).toEqual([]);
  });

  it('refuses an unknown sort, a cursor of another order or a bad one, naming the parameter', async () => {
    const first = await call(t.adminToken, 'GET', '/api/accounts?limit=2&sort=industry');
    const cursor = first.json().nextCursor;
    const cases: [string, string][] = [
      ['sort=birthday', 'sort'],
      [`sort=-industry&cursor=${cursor}`, 'cursor'],
      ['sort=industry&cursor=bm9wZQ', 'cursor'],
      [
        `sort=owner&cursor=${Buffer.from(JSON.stringify(['owner', 'x', cursor])).toString('base64url')}`,
        'cursor',
      ],
      [`tag=${'x'.repeat(51)}`, 'tag'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const r = await call(t.adminToken, 'GET', `/api/accounts?${query}`);
      expect(r.statusCode, query).toBe(400);
      expect(r.json().error.field, query).toBe(field);
    }
  });
});
