import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';
import { ingestInteractionStream, type StreamLine } from './index';

type Line = StreamLine & { index?: number; status?: string; id?: string; field?: string; code?: string };

describeEachDatabase('NDJSON interaction stream', (kind) => {
  let api: TestApi;
  let a: TestTenant;

  const line = (key: string, i: number) =>
    `${JSON.stringify({
      idempotencyKey: key,
      channel: 'web',
      type: 'page_view',
      occurredAt: '2026-01-02T10:00:00Z',
      identifiers: { externalId: `web:${i % 300}` },
    })}\n`;
  const count = async (prefix: string) => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from interactions where idempotency_key like ${`${prefix}%`}`.execute(
      api.database.db,
    );
    return rows[0]?.n ?? 0;
  };
  const parse = (text: string) =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  const collect = async (gen: AsyncGenerator<string>) => {
    let text = '';
    for await (const piece of gen) text += piece;
    return parse(text);
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
  });
  afterAll(() => api.close());

  it('commits each chunk before reading the next, answering every line in order', async () => {
    const seenBetweenChunks: number[] = [];
    async function* source() {
      for (let i = 0; i < 250; i++) {
        if (i === 100 || i === 200) seenBetweenChunks.push(await count('chunk-'));
        // Pieces that split lines in odd places, as a network does.
        const text = line(`chunk-${i}`, i);
        yield Buffer.from(text.slice(0, 7));
        yield Buffer.from(text.slice(7));
      }
    }
    const lines = await collect(
      ingestInteractionStream(api.database.db, SYSTEM_PRINCIPAL(a.workspaceId), source(), { chunkSize: 100 }),
    );
    expect(seenBetweenChunks).toEqual([100, 200]);
    expect(lines).toHaveLength(251);
    expect(lines.slice(0, 250).map((l) => l.index)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(lines.slice(0, 250).every((l) => l.status === 'created')).toBe(true);
    expect(lines[250]).toEqual({ done: true, items: 250, created: 250, duplicate: 0, rejected: 0 });
    expect(await count('chunk-')).toBe(250);
  });

  it('rejects a line that is not JSON or not an interaction, and goes on', async () => {
    const text =
      [line('mixed-0', 0), '{"idempotencyKey": "mixed-1", oops\n', '\n', line('mixed-2', 2)].join('') +
      `${JSON.stringify({ idempotencyKey: 'mixed-3', channel: 'fax', type: 'x', occurredAt: '2026-01-02T10:00:00Z', identifiers: { email: 'a@b.co' } })}\n` +
      line('mixed-0', 0).trimEnd();
    const lines = await collect(
      ingestInteractionStream(api.database.db, SYSTEM_PRINCIPAL(a.workspaceId), [text], { chunkSize: 2 }),
    );
    expect(lines.map((l) => l.status ?? 'summary')).toEqual([
      'created',
      'rejected',
      'created',
      'rejected',
      'duplicate',
      'summary',
    ]);
    expect(lines[1]).toMatchObject({ index: 1, field: 'item', code: 'bad_request' });
    expect(lines[3]).toMatchObject({ index: 3, field: 'channel', code: 'validation_failed' });
    expect(lines[4]?.id).toBe(lines[0]?.id);
    expect(lines[5]).toEqual({ done: true, items: 5, created: 2, duplicate: 1, rejected: 2 });
  });

  it('stops with an error line naming what is committed when the input fails mid-way', async () => {
    const failures: unknown[] = [];
    async function* source() {
      for (let i = 0; i < 150; i++) yield line(`broken-${i}`, i);
      throw new Error('connection reset');
    }
    const lines = await collect(
      ingestInteractionStream(api.database.db, SYSTEM_PRINCIPAL(a.workspaceId), source(), {
        chunkSize: 100,
        onError: (err) => failures.push(err),
      }),
    );
    expect(lines).toHaveLength(101);
    expect(lines[100]).toMatchObject({ error: { code: 'internal' }, committedItems: 100 });
    expect(failures).toHaveLength(1);
    expect(await count('broken-')).toBe(100);
  });

  it('takes more than one chunk over HTTP, on the stream route and as /bulk with the NDJSON type', async () => {
    const body = Array.from({ length: 6_000 }, (_, i) => line(`http-${i}`, i)).join('');
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/interactions/stream',
      headers: { ...bearer(a.adminToken), 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = parse(res.body);
    expect(lines).toHaveLength(6_001);
    expect(lines.at(-1)).toEqual({ done: true, items: 6_000, created: 6_000, duplicate: 0, rejected: 0 });
    expect(await count('http-')).toBe(6_000);

    const again = await api.app.inject({
      method: 'POST',
      url: '/api/interactions/bulk',
      headers: { ...bearer(a.adminToken), 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    const retried = parse(again.body);
    expect(retried.at(-1)).toEqual({ done: true, items: 6_000, created: 0, duplicate: 6_000, rejected: 0 });
    expect(retried[5_999]?.id).toBe(lines[5_999]?.id);
    expect(await count('http-')).toBe(6_000);
  }, 240_000);

  it('refuses a caller without the permission before reading, and other content types', async () => {
    const analyst = await api.addUser(a, 'analyst');
    const denied = await api.app.inject({
      method: 'POST',
      url: '/api/interactions/stream',
      headers: { ...bearer(analyst.token), 'content-type': 'application/x-ndjson' },
      payload: line('denied-0', 0),
    });
    expect(denied.statusCode).toBe(403);
    expect(await count('denied-')).toBe(0);
    const json = await api.app.inject({
      method: 'POST',
      url: '/api/interactions/stream',
      headers: bearer(a.adminToken),
      payload: { items: [] },
    });
    expect(json.statusCode).toBe(415);
  });
});
