import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { allJobHandlers } from '../api/index';
import { JobRunner } from '../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { changedTables, tableChecksums } from '../testing/checksum';
import { describeEachDatabase } from '../testing/db';
import { IMPORT_JOB } from './service';

const N = 1_005;
const FILE =
  `Given,Family,E-mail,Stage\n` +
  Array.from({ length: N }, (_, i) =>
    i === 7
      ? 'Bad,Row,not-an-email,customer'
      : i === 9
        ? 'Odd,Stage,odd@example.com,lead'
        : `P${i},F${i},p${i}@example.com,${i % 2 ? 'customer' : 'retained'}`,
  ).join('\n') +
  '\n';

describeEachDatabase('imports and exports over HTTP', (kind) => {
  let api: TestApi;
  let tenant: TestTenant;
  let runner: JobRunner;

  beforeAll(async () => {
    api = await createTestApi(kind);
    tenant = await api.addTenant('imports');
    runner = new JobRunner(api.database.db, allJobHandlers(), { workerId: 'test' });
  });
  afterAll(() => api.close());

  const post = (query: string, body: string, token = tenant.adminToken) =>
    api.app.inject({
      method: 'POST',
      url: `/api/imports?${query}`,
      headers: { ...bearer(token), 'content-type': 'text/csv' },
      payload: body,
    });
  const get = (url: string, token = tenant.adminToken) =>
    api.app.inject({ method: 'GET', url, headers: bearer(token) });
  const mapping = encodeURIComponent(
    JSON.stringify({ firstName: 'Given', lastName: 'Family', lifecycleStage: 'Stage' }),
  );

  it('runs a people import as a job: 202, progress and counts, the first errors, rejected rows as CSV', async () => {
    expect([...allJobHandlers().keys()]).toContain(IMPORT_JOB);
    const refused = await post(`kind=people&mapping=${mapping}`, FILE);
    expect(refused.statusCode).toBe(202);
    expect(refused.json()).toMatchObject({
      kind: 'people',
      state: 'queued',
      uploadBytes: Buffer.byteLength(FILE),
    });
    await runner.drain();
    const r = (await get(`/api/imports/${refused.json().id}`)).json();
    expect(r).toMatchObject({ state: 'refused', badRows: 2, progress: { done: 0, total: N } });
    expect(r.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [9, 'E-mail (email)'],
      [11, 'Stage (lifecycleStage)'],
    ]);

    const started = await post(`kind=people&skipBadRows=true&mapping=${mapping}&fileName=crm.csv`, FILE);
    expect(started.statusCode).toBe(202);
    const id = started.json().id;
    await runner.drain();
    const done = (await get(`/api/imports/${id}`)).json();
    expect(done).toMatchObject({
      state: 'succeeded',
      fileName: 'crm.csv',
      badRows: 2,
      progress: { done: N, total: N },
      counts: { created: N - 2, updated: 0, rejected: 0 },
    });
    const job = await sql<{ state: string; progress_done: string; progress_total: string }>`
      select state, progress_done, progress_total from jobs where id = ${done.jobId}`.execute(
      api.database.db,
    );
    expect(job.rows[0]).toMatchObject({ state: 'succeeded' });
    expect(Number(job.rows[0]?.progress_done)).toBe(N);
    const uploads = await sql<{
      n: number;
    }>`select count(*)::int as n from import_uploads where import_id = ${id}`.execute(api.database.db);
    expect(uploads.rows[0]?.n).toBe(0);

    const rejected = await get(`/api/imports/${id}/rejected.csv`);
    expect(rejected.statusCode).toBe(200);
    expect(rejected.headers['content-type']).toContain('text/csv');
    expect(rejected.body).toBe(
      'Given,Family,E-mail,Stage,line,field,reason\n' +
        'Bad,Row,not-an-email,customer,9,E-mail (email),"""not-an-email"" must be an address like name@example.com"\n' +
        'Odd,Stage,odd@example.com,lead,11,Stage (lifecycleStage),"""lead"" is not one of awareness, knowledge, consideration, pre_sales, evaluation, customer, retained, expanded, churned"\n',
    );
  });

  it('exports the filtered people list as CSV, past one page of the cursor', async () => {
    const all = await get('/api/people/export.csv');
    expect(all.statusCode).toBe(200);
    const lines = all.body.trim().split('\n');
    expect(lines[0]).toMatch(/^id,displayName,firstName,lastName,email,phone,externalId,identities,/);
    expect(lines.length).toBe(1 + N - 2);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(N - 2);
    const customers = await get('/api/people/export.csv?lifecycleStage=customer');
    const rows = customers.body.trim().split('\n').slice(1);
    expect(rows.length).toBe(500);
    expect(rows.every((l) => l.includes(',customer,'))).toBe(true);
    const sorted = (await get('/api/people/export.csv?sort=displayName')).body.trim().split('\n');
    expect(sorted.length).toBe(1 + N - 2);
    expect(sorted[1]?.split(',')[1]).toBe('P0 F0');
    expect((await get('/api/people/export.csv?colour=red')).statusCode).toBe(400);
    const prefix = await get('/api/people/export.csv?namePrefix=P100');
    expect(
      prefix.body
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['P100 F100', 'P1000 F1000', 'P1001 F1001', 'P1002 F1002', 'P1003 F1003', 'P1004 F1004']);
  });

  it('exports a timeline, and keeps imports to those allowed: an analyst may not import, others see no one else’s import', async () => {
    const touches =
      'when,channel,type,email\n2025-03-01T10:00:00Z,phone,call,p1@example.com\n2025-03-02T10:00:00Z,web,visit,p1@example.com\n';
    const queued = await post(
      `kind=interactions&mapping=${encodeURIComponent('{"occurredAt":"when"}')}`,
      touches,
    );
    expect(queued.statusCode).toBe(202);
    await runner.drain();
    expect((await get(`/api/imports/${queued.json().id}`)).json()).toMatchObject({
      state: 'succeeded',
      counts: { created: 2, duplicate: 0, rejected: 0 },
    });
    const person = await sql<{
      person_id: string;
    }>`select person_id from identities where value = 'p1@example.com'`.execute(api.database.db);
    const timeline = await get(`/api/people/${person.rows[0]?.person_id}/timeline.csv?channel=phone`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body.split('\n')[1]).toMatch(
      /^[0-9a-f-]{36},2025-03-01T10:00:00.000Z,phone,inbound,call,/,
    );
    expect(timeline.body.trim().split('\n').length).toBe(2);

    const analyst = await api.addUser(tenant, 'analyst');
    const denied = await post('kind=people', FILE, analyst.token);
    expect(denied.statusCode).toBe(403);
    expect((await get(`/api/imports/${queued.json().id}`, analyst.token)).statusCode).toBe(404);
    const bad = await post(`kind=people&mapping=${encodeURIComponent('{"colour":"x"}')}`, FILE);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('mapping');
  });

  it('keeps a refused line holding a NUL or bytes that are not UTF-8, shown with U+FFFD, and refuses the upload', async () => {
    const bytes = Buffer.from(
      'email,name\nu1@example.com,Ann\nu2@example.com,B\u0000b\nu3@example.com,C?c\n',
    );
    bytes[bytes.lastIndexOf('?')] = 0xff;
    const queued = await api.app.inject({
      method: 'POST',
      url: '/api/imports?kind=people',
      headers: { ...bearer(tenant.adminToken), 'content-type': 'text/csv' },
      payload: bytes,
    });
    expect(queued.statusCode).toBe(202);
    await runner.drain();
    const id = queued.json().id;
    expect((await get(`/api/imports/${id}`)).json()).toMatchObject({
      state: 'refused',
      badRows: 2,
      errors: [
        { line: 3, field: 'name', reason: expect.stringContaining('NUL') },
        { line: 4, field: 'name', reason: 'is not UTF-8 text' },
      ],
    });
    const rejected = await get(`/api/imports/${id}/rejected.csv`);
    expect(rejected.body.split('\n').slice(1, 3)).toEqual([
      'u2@example.com,B\ufffdb,3,name,must not contain a NUL character (U+0000)',
      'u3@example.com,C\ufffdc,4,name,is not UTF-8 text',
    ]);
  });

  it('checks the options at submit: a bad one is a 400 naming it, with nothing stored and no job', async () => {
    const before = await tableChecksums(api.database.db);
    for (const [query, field] of [
      ['kind=people&dateFormat=DD.MM', 'dateFormat'],
      ['kind=interactions&channel=pigeon', 'channel'],
      ['kind=people&delimiter=%22', 'delimiter'],
    ]) {
      const r = await post(query as string, 'email\nx@example.com\n');
      expect([query, r.statusCode, r.json().error?.field]).toEqual([query, 400, field]);
    }
    const empty = await post('kind=people', '');
    expect([empty.statusCode, empty.json().error.field]).toEqual([400, 'body']);
    expect(changedTables(before, await tableChecksums(api.database.db))).toEqual([]);
  });

  it('fails an import whose file cannot be read once, without retrying it', async () => {
    const queued = await post(`kind=people&mapping=${encodeURIComponent('{"email":"Mail"}')}`, 'name\nAnn\n');
    expect(queued.statusCode).toBe(202);
    await runner.drain();
    const view = (await get(`/api/imports/${queued.json().id}`)).json();
    expect(view).toMatchObject({ state: 'failed', error: expect.stringContaining('Mail') });
    const job = (await get(`/api/jobs/${view.jobId}`)).json();
    expect(job).toMatchObject({ state: 'failed', attempts: 1 });
    // Given up: its stored file is not kept (nothing will read it again).
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from import_uploads
      where import_id = ${queued.json().id}`.execute(api.database.db);
    expect(rows[0]?.n).toBe(0);
  });
});
