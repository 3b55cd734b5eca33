import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobRunner } from '../../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';
import { DUPLICATE_SCAN_JOB, duplicateScanJob } from './duplicates';

interface Item {
  score: number;
  reasons: string[];
  status: string;
  a: { id: string; displayName: string; postcode: string | null; emails: string[] };
  b: { id: string; displayName: string; postcode: string | null; emails: string[] };
}

describeEachDatabase('duplicate candidates', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  const ids: Record<string, string> = {};
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const q = async <T = Record<string, unknown>>(query: RawBuilder<T>) =>
    (await query.execute(api.database.db)).rows;
  const add = async (key: string, body: object) => {
    const r = await call(a.adminToken, 'POST', '/api/people', body);
    expect(r.statusCode).toBe(201);
    ids[key] = r.json().id;
  };
  const scan = async (token = a.adminToken) => {
    const r = await call(token, 'POST', '/api/duplicates/scan', {});
    expect(r.statusCode).toBe(200);
    return r.json();
  };
  const list = async (query = 'status=open&limit=200'): Promise<Item[]> => {
    const r = await call(a.adminToken, 'GET', `/api/duplicates?${query}`);
    expect(r.statusCode).toBe(200);
    return r.json().items;
  };
  const pairOf = (items: Item[], x: string, y: string) =>
    items.find((i) => [i.a.id, i.b.id].sort().join() === [ids[x], ids[y]].sort().join());
  const involving = (items: Item[], x: string) => items.filter((i) => i.a.id === ids[x] || i.b.id === ids[x]);

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
    await add('jon', { displayName: 'Jon Smith', address: { postcode: 'SW1A 1AA' } });
    await add('john', { displayName: 'John Smith', address: { postcode: 'sw1a1aa' } });
    await add('mary', { displayName: 'Mary Jones', address: { postcode: 'SW1A 1AA' } });
    await add('johnElsewhere', { displayName: 'John Smith', address: { postcode: 'EC1A 1BB' } });
    await add('ann', { displayName: 'Ann Lee', birthday: '1980-01-01', address: { postcode: 'N1 1AA' } });
    await add('annToo', { displayName: 'ann lee', birthday: '1980-01-01', address: { postcode: 'E2 2BB' } });
    await add('kim', { displayName: 'Kim Park', emails: ['kim@acme.io'] });
    await add('kimNewsletter', { displayName: 'K. P.', externalIds: ['newsletter:Kim@Acme.io'] });
    await add('tom', { displayName: 'Tom Baker', emails: ['tom@bakerco.com'] });
    await add('tommy', { displayName: 'Tommy Baker', emails: ['tommy.baker@bakerco.com'] });
    await add('tim', { displayName: 'Tim Baker', emails: ['tim.baker@gmail.com'] });
    await add('tomGmail', { displayName: 'Tom Baker', emails: ['tbaker77@gmail.com'] });
    await add('sam', { displayName: 'Sam Reed' });
    await add('samuel', { displayName: 'Samuel Reed' });
    const [account] = await q<{ id: string }>(sql`
      insert into accounts (workspace_id, name) values (${a.workspaceId}, 'Reed & Co') returning id`);
    await q(sql`update people set account_id = ${account?.id} where id in (${ids.sam}, ${ids.samuel})`);
    // A pair identity resolution recorded (one interaction carried identifiers of both).
    await q(sql`insert into merge_candidates (workspace_id, person_a, person_b, score, reasons)
      values (${a.workspaceId}, least(${ids.mary}::uuid, ${ids.tim}::uuid), greatest(${ids.mary}::uuid, ${ids.tim}::uuid),
              0.95, '["one interaction carried email:x and identifiers of the other"]')`);
  });
  afterAll(() => api.close());

  it('finds Jon Smith and John Smith at one postcode, and not unrelated people', async () => {
    const result = await scan();
    expect(result).toMatchObject({ pairs: 5, open: 6 });
    const items = await list();
    const smiths = pairOf(items, 'jon', 'john');
    expect(smiths?.score).toBeGreaterThan(0.5);
    expect(smiths?.score).toBeLessThan(0.9);
    expect(smiths?.reasons).toEqual([
      expect.stringMatching(/^similar names .* \(0\.6\d\) with the same postcode SW1A1AA$/),
    ]);
    expect([smiths?.a.postcode, smiths?.b.postcode].sort()).toEqual(['SW1A 1AA', 'sw1a1aa']);
    // Same postcode, different name; same name, other postcode; shared free-mail domain: no evidence.
    expect(involving(items, 'mary').map((i) => i.reasons)).toEqual([
      ['one interaction carried email:x and identifiers of the other'],
    ]);
    expect(involving(items, 'johnElsewhere')).toEqual([]);
    expect(pairOf(items, 'tim', 'tomGmail')).toBeUndefined();
    expect(pairOf(items, 'tom', 'tomGmail')).toBeUndefined();
  });

  it('finds exact evidence (name and birthday, an email that is another identity) and similar names at one account or domain', async () => {
    const items = await list();
    expect(pairOf(items, 'ann', 'annToo')?.reasons).toEqual([
      expect.stringMatching(/^same name (Ann Lee|ann lee) and birthday 1980-01-01$/),
    ]);
    expect(pairOf(items, 'kim', 'kimNewsletter')?.reasons).toEqual([
      'email kim@acme.io of one is the external id newsletter:Kim@Acme.io of the other',
    ]);
    expect(pairOf(items, 'kim', 'kimNewsletter')?.score).toBe(0.9);
    const bakers = pairOf(items, 'tom', 'tommy');
    expect(bakers?.reasons[0]).toMatch(/with email at the same domain bakerco\.com$/);
    expect([...(bakers?.a.emails ?? []), ...(bakers?.b.emails ?? [])].sort()).toEqual([
      'tom@bakerco.com',
      'tommy.baker@bakerco.com',
    ]);
    expect(pairOf(items, 'sam', 'samuel')?.reasons[0]).toMatch(/at the same account$/);
    const scores = items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('pages through the list best first with a cursor', async () => {
    const all = await list();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(
        a.adminToken,
        'GET',
        `/api/duplicates?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = r.json();
      seen.push(...page.items.map((i: Item) => `${i.a.id}|${i.b.id}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((i) => `${i.a.id}|${i.b.id}`));
    const bad = await call(a.adminToken, 'GET', '/api/duplicates?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cursor');
  });

  it("shows a role that reads its own and its team's people the pairs of two such people", async () => {
    const north = (await call(a.adminToken, 'POST', '/api/teams', { name: 'North' })).json();
    await call(a.adminToken, 'POST', '/api/roles', {
      name: 'team-reader',
      grants: { people: { read: 'team' } },
    });
    const reader = await api.addUser(a, 'team-reader');
    expect(
      (await call(a.adminToken, 'PATCH', `/api/users/${reader.id}`, { teamId: north.id })).statusCode,
    ).toBe(200);
    await q(
      sql`update people set owner_id = ${reader.id}, team_id = null where id in (${ids.tom}, ${ids.tommy})`,
    );
    await q(sql`update people set team_id = ${north.id} where id in (${ids.sam}, ${ids.samuel})`);
    await q(sql`update people set team_id = ${north.id} where id = ${ids.mary}`);
    const r = await call(reader.token, 'GET', '/api/duplicates?limit=200');
    expect(r.statusCode).toBe(200);
    const seen = (r.json().items as Item[]).map((i) => [i.a.id, i.b.id].sort().join()).sort();
    // Own (Tom, Tommy), team (Sam, Samuel); Mary is the team's but Tim is not.
    expect(seen).toEqual([[ids.tom, ids.tommy].sort().join(), [ids.sam, ids.samuel].sort().join()].sort());
  });

  it('keeps a dismissed pair dismissed across scans, and drops pairs whose evidence is gone', async () => {
    const dismissed = await call(a.adminToken, 'POST', `/api/duplicates/${ids.john}/${ids.jon}/dismiss`);
    expect(dismissed.statusCode).toBe(204);
    expect(pairOf(await list(), 'jon', 'john')).toBeUndefined();
    expect(
      (await call(a.adminToken, 'POST', `/api/duplicates/${ids.jon}/${ids.johnElsewhere}/dismiss`))
        .statusCode,
    ).toBe(404);
    expect(
      (await call(a.adminToken, 'PATCH', `/api/people/${ids.annToo}`, { birthday: '1981-01-01' })).statusCode,
    ).toBe(200);
    await scan();
    const open = await list();
    expect(pairOf(open, 'jon', 'john')).toBeUndefined();
    expect(pairOf(open, 'ann', 'annToo')).toBeUndefined();
    expect(pairOf(open, 'mary', 'tim')?.reasons).toEqual([
      'one interaction carried email:x and identifiers of the other',
    ]);
    const gone = await list('status=dismissed');
    expect(gone.map((i) => [i.a.id, i.b.id].sort().join())).toEqual([[ids.jon, ids.john].sort().join()]);
    const [audit] = await q<{ changes: unknown }>(sql`
      select changes from audit_log where object_type = 'merge_candidates' and workspace_id = ${a.workspaceId}`);
    expect(audit?.changes).toEqual({ status: { before: 'open', after: 'dismissed' } });
  });

  it('runs as a durable job, keeps workspaces apart, and needs people update to scan', async () => {
    const queued = await call(a.adminToken, 'POST', '/api/duplicates/scan', {
      background: true,
      threshold: 0.65,
    });
    expect(queued.statusCode).toBe(202);
    expect(queued.json().job).toMatchObject({ kind: DUPLICATE_SCAN_JOB, state: 'queued' });
    const runner = new JobRunner(api.database.db, new Map([[DUPLICATE_SCAN_JOB, duplicateScanJob]]), {
      workerId: 'test',
    });
    expect(await runner.drain()).toBe(1);
    const job = (await call(a.adminToken, 'GET', `/api/jobs/${queued.json().job.id}`)).json();
    expect(job).toMatchObject({ state: 'succeeded', result: { pairs: expect.any(Number) } });
    // At 0.65 Sam and Samuel Reed (0.62) no longer pair; Tom and Tommy Baker (0.69) still do.
    const items = await list();
    expect(pairOf(items, 'sam', 'samuel')).toBeUndefined();
    expect(pairOf(items, 'tom', 'tommy')).toBeDefined();
    expect(pairOf(items, 'kim', 'kimNewsletter')).toBeDefined();

    expect(await scan(b.adminToken)).toMatchObject({ pairs: 0, open: 0 });
    expect((await call(b.adminToken, 'GET', '/api/duplicates')).json().items).toEqual([]);
    const analyst = await api.addUser(a, 'analyst');
    expect((await call(analyst.token, 'POST', '/api/duplicates/scan', {})).statusCode).toBe(403);
    expect((await call(analyst.token, 'GET', '/api/duplicates')).statusCode).toBe(200);
    expect(
      (await call(analyst.token, 'POST', `/api/duplicates/${ids.tom}/${ids.tommy}/dismiss`)).statusCode,
    ).toBe(403);
  });
});
