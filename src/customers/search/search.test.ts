import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/index';
import { createRole, SYSTEM_PRINCIPAL } from '../../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';
import { planSearch } from './search-query';

type Result = { type: string; id: string; name: string; matched: string; score: number };

describeEachDatabase('search: one box for everything', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  let john: string;
  let johnInB: string;
  let acme: string;

  const search = async (token: string, q: string): Promise<Result[]> => {
    const r = await api.app.inject({
      method: 'GET',
      url: '/api/search',
      query: { q },
      headers: bearer(token),
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().results;
  };
  const addPerson = async (tenant: TestTenant, body: object, token = tenant.adminToken) => {
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/people',
      headers: bearer(token),
      payload: body,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme-search');
    b = await api.addTenant('bolt-search');
    john = await addPerson(a, {
      firstName: 'John',
      lastName: 'Smith',
      emails: ['John.Smith@Example.com'],
      phones: ['(415) 555-0100'],
      externalIds: ['shop:123'],
    });
    await addPerson(a, { firstName: 'John', lastName: 'Smithson', phones: ['+1 212 555 0199'] });
    await addPerson(a, { firstName: 'Jon', lastName: 'Smith' });
    await addPerson(a, { firstName: 'Ann', lastName: 'Lee', emails: ['ann@bolt.example'] });
    // Another workspace with the same phone, email and name: never visible from the first.
    johnInB = await addPerson(b, {
      firstName: 'John',
      lastName: 'Smith',
      emails: ['john.smith@example.com'],
      phones: ['415-555-0100'],
      externalIds: ['shop:123'],
    });
    acme = await withTenant(api.database.db, a.workspaceId, async (trx) => {
      const { rows } = await sql<{ id: string }>`
        insert into accounts (workspace_id, name, domain) values (${a.workspaceId}, 'Acme Corporation', 'acme.com')
        returning id`.execute(trx);
      return rows[0]!.id;
    });
  });
  afterAll(() => api.close());

  it.each(['(415) 555-0100', '415.555.0100', '+1 415 555 0100', '4155550100', '5550100', '555-0100'])(
    'finds the person by the phone %s, first, saying the number matched',
    async (q) => {
      const results = await search(a.adminToken, q);
      expect(results[0]).toMatchObject({
        type: 'person',
        id: john,
        name: 'John Smith',
        matched: 'phone +14155550100',
      });
      expect(results.map((r) => r.id)).not.toContain(johnInB);
    },
  );

  it('ranks the exact number above other numbers that only share the last digits', async () => {
    await addPerson(a, { displayName: 'Same Ending', phones: ['+1 650 555 0100'] });
    const exact = await search(a.adminToken, '(415) 555-0100');
    expect(exact[0]).toMatchObject({ id: john, score: 1 });
    expect(exact).toHaveLength(1); // the full number's digits end only John's phone
    const suffix = await search(a.adminToken, '5550100');
    expect(suffix.map((r) => r.name).sort()).toEqual(['John Smith', 'Same Ending']);
    expect(suffix[0]!.score).toBeLessThan(1);
    expect(await search(a.adminToken, '550100')).toEqual([]); // fewer than 7 digits: not a phone
  });

  it('finds by exact email in any case, and by an email prefix', async () => {
    expect((await search(a.adminToken, 'JOHN.SMITH@example.com'))[0]).toMatchObject({
      id: john,
      matched: 'email john.smith@example.com',
      score: 1,
    });
    expect((await search(a.adminToken, 'john.smi'))[0]).toMatchObject({
      id: john,
      matched: 'email john.smith@example.com',
    });
  });

  it('finds by external id, the source in any case', async () => {
    for (const q of ['shop:123', 'SHOP:123']) {
      expect((await search(a.adminToken, q))[0]).toMatchObject({
        id: john,
        matched: 'externalId shop:123',
        score: 1,
      });
    }
  });

  it('finds an account by name prefix, similar name and domain', async () => {
    expect((await search(a.adminToken, 'acme'))[0]).toMatchObject({
      type: 'account',
      id: acme,
      name: 'Acme Corporation',
    });
    expect((await search(a.adminToken, 'acme.com'))[0]).toMatchObject({
      type: 'account',
      id: acme,
      matched: 'domain acme.com',
      score: 1,
    });
    expect((await search(a.adminToken, 'Acme Corportion'))[0]).toMatchObject({
      type: 'account',
      id: acme,
      matched: 'similar name',
    });
  });

  it('finds a misspelt name ("Jon Smiht" finds John Smith) through trigram similarity', async () => {
    const results = await search(a.adminToken, 'Jon Smiht');
    expect(results.map((r) => r.id)).toContain(john);
    expect(results.find((r) => r.id === john)).toMatchObject({ matched: 'similar name' });
    expect(results.every((r) => r.score < 0.7)).toBe(true);
  });

  it('finds names with two letters swapped in a word, and names of three words by two', async () => {
    const mary = await addPerson(a, { displayName: 'Mary Ellen Whitfield' });
    for (const q of ['Mary Whitfeild', 'whitfeild mary', 'Mray Ellen Whitfield']) {
      const results = await search(a.adminToken, q);
      expect(
        results.find((r) => r.id === mary),
        q,
      ).toMatchObject({ matched: 'similar name' });
    }
    expect((await search(a.adminToken, 'Jon Simth')).map((r) => r.id)).toContain(john);
  });

  it('keeps no word of a name nobody holds any more: renamed, erased or merged away', async () => {
    const words = async () =>
      withTenant(api.database.db, a.workspaceId, async (trx) => {
        const { rows } = await sql<{ word: string }>`
          select word from person_name_words where workspace_id = ${a.workspaceId} order by word`.execute(
          trx,
        );
        return rows.map((r) => r.word);
      });
    const zed = await addPerson(a, { displayName: 'Zebedee Quixotic' });
    await addPerson(a, { displayName: 'Other Quixotic' });
    expect(await words()).toEqual(expect.arrayContaining(['zebedee', 'quixotic', 'other']));
    const renamed = await api.app.inject({
      method: 'PATCH',
      url: `/api/people/${zed}`,
      headers: bearer(a.adminToken),
      payload: { displayName: 'Zachary Quixotic' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await words()).toEqual(expect.arrayContaining(['zachary', 'quixotic']));
    expect(await words()).not.toContain('zebedee');
    const erased = await api.app.inject({
      method: 'POST',
      url: `/api/people/${zed}/erase`,
      headers: bearer(a.adminToken),
    });
    expect(erased.statusCode, erased.body).toBe(200);
    // "Quixotic" is still the other person's name.
    expect(await words()).not.toContain('zachary');
    expect(await words()).toContain('quixotic');
    expect((await search(a.adminToken, 'Zachary Quixotic')).map((r) => r.id)).not.toContain(zed);
  });

  it('lets a tenant transaction ask the similar-name functions about no workspace, its own included', async () => {
    await addPerson(b, { displayName: 'Bartholomew Bolt' });
    for (const fn of ['rapport_similar_people', 'rapport_similar_accounts']) {
      const asked = withTenant(api.database.db, a.workspaceId, (trx) =>
        sql`select * from ${sql.raw(fn)}(${b.workspaceId}::uuid, 'Bartholomew Bolt', 20, 'all', null, null, false)`.execute(
          trx,
        ),
      );
      await expect(asked).rejects.toThrow(/permission denied/);
    }
  });

  it('keeps words with digits or @ out of the vocabulary, and still finds a person named by an identifier', async () => {
    const c = await api.addTenant('vocabulary-letters');
    const named = await addPerson(c, { emails: ['new-3-123@example.com'], phones: ['+1 415 555 0177'] });
    await addPerson(c, { displayName: "Mary O'Brien-Smith" });
    const words = await withTenant(api.database.db, c.workspaceId, async (trx) => {
      const { rows } = await sql<{ word: string }>`
        select word from person_name_words where workspace_id = ${c.workspaceId} order by word`.execute(trx);
      return rows.map((r) => r.word);
    });
    expect(words).toEqual(['com', 'mary', 'new', "o'brien", 'smith']);
    expect((await search(c.adminToken, 'new-3-123@example.com')).map((r) => r.id)).toContain(named);
  });

  it('asks for loosely similar words only when the close ones find too few people', async () => {
    const c = await api.addTenant('two-pass-search');
    await sql`insert into people (workspace_id, display_name)
      select ${c.workspaceId}::uuid, 'Laura Perry' from generate_series(1, 25)
      union all select ${c.workspaceId}::uuid, 'Laura Parry'`.execute(api.database.db);
    const similar = (limit: number) =>
      withTenant(api.database.db, c.workspaceId, async (trx) => {
        const { rows } = await sql<{ found_id: string; found_similarity: number }>`
          select found_id, found_similarity
          from rapport_search_people('similar_name', 'Laura Prery', ${limit}::int, 'all', null, null)
          order by found_similarity desc`.execute(trx);
        const { rows: names } = await sql<{ id: string; display_name: string }>`
          select id, display_name from people where workspace_id = ${c.workspaceId}`.execute(trx);
        const nameOf = new Map(names.map((n) => [n.id, n.display_name]));
        return rows.map((r) => nameOf.get(r.found_id));
      });
    // "perry" is one swap from "prery", "parry" two edits: 25 Laura Perrys fill a page of 20 alone.
    expect(await similar(20)).toEqual(Array(20).fill('Laura Perry'));
    expect(await similar(30)).toEqual([...Array(25).fill('Laura Perry'), 'Laura Parry']);
  });

  it('ranks exact identifiers first, then name prefixes (the closest first), then similar names', async () => {
    const results = await search(a.adminToken, 'John Smith');
    expect(results.map((r) => r.name)).toEqual(['John Smith', 'John Smithson', 'Jon Smith']);
    expect(results.map((r) => r.matched)).toEqual(['name', 'name', 'similar name']);
    const scores = results.map((r) => r.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });

  it('answers at most 20 results', async () => {
    for (let i = 0; i < 24; i++) await addPerson(a, { displayName: `Zed Many ${i}` });
    expect(await search(a.adminToken, 'Zed Many')).toHaveLength(20);
  });

  it('never shows another workspace: same phone, email, id and name find only their own person', async () => {
    for (const q of [
      '415-555-0100',
      'john.smith@example.com',
      'shop:123',
      'John Smith',
      'Jon Smiht',
      '5550100',
    ]) {
      const fromB = await search(b.adminToken, q);
      expect(fromB.map((r) => r.id)).toEqual([johnInB]);
    }
    expect(await search(b.adminToken, 'acme')).toEqual([]);
  });

  it("respects the caller's people read level: an own-level user finds only the people they own", async () => {
    await createRole(api.database.db, SYSTEM_PRINCIPAL(a.workspaceId), {
      name: 'own-only',
      grants: { people: { read: 'own', create: 'own' }, accounts: { read: 'none' } },
    });
    const user = await api.addUser(a, 'own-only');
    const mine = await addPerson(
      a,
      { displayName: 'John Smith Junior', phones: ['+1 415 555 0177'] },
      user.token,
    );
    expect((await search(user.token, 'John Smith')).map((r) => r.id)).toEqual([mine]);
    expect(await search(user.token, '(415) 555-0100')).toEqual([]);
    expect(await search(user.token, 'acme.com')).toEqual([]);
    await createRole(api.database.db, SYSTEM_PRINCIPAL(a.workspaceId), { name: 'blind', grants: {} });
    const blind = await api.addUser(a, 'blind');
    const r = await api.app.inject({
      method: 'GET',
      url: '/api/search?q=john',
      headers: bearer(blind.token),
    });
    expect(r.statusCode).toBe(403);
  });

  it('rejects an empty or missing query naming the field, and needs a login', async () => {
    const empty = await api.app.inject({
      method: 'GET',
      url: '/api/search?q=%20',
      headers: bearer(a.adminToken),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe('q');
    const missing = await api.app.inject({
      method: 'GET',
      url: '/api/search',
      headers: bearer(a.adminToken),
    });
    expect(missing.statusCode).toBe(400);
    expect((await api.app.inject({ method: 'GET', url: '/api/search?q=john' })).statusCode).toBe(401);
  });
});

describe('planSearch', () => {
  it('reads phones in the workspace region, keeping the last digits without trunk zeros', () => {
    expect(planSearch('020 7946 0018', 'GB')).toMatchObject({
      exact: [{ kind: 'phone', value: '+442079460018' }],
      phoneSuffix: '2079460018',
      name: null,
    });
  });
  it('keeps the zeros of a partial number: they are digits the number ends with', () => {
    expect(planSearch('012 3456', 'US')).toMatchObject({ exact: [], phoneSuffix: '0123456' });
  });
  it('treats text with letters as a name, one word also as an identifier prefix and domain', () => {
    expect(planSearch('  Ann   Lee ', 'US')).toMatchObject({
      text: 'Ann Lee',
      name: 'Ann Lee',
      domain: null,
    });
    expect(planSearch('acme.com', 'US')).toMatchObject({ domain: 'acme.com', emailPrefix: 'acme.com' });
  });
});
