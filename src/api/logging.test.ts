import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { buildApp } from './app';
import { BatchedWriter } from './logging';

let api: TestApi;
let tenant: TestTenant;
beforeAll(async () => {
  api = await createTestApi('pglite');
  tenant = await api.addTenant('logs');
});
afterAll(() => api.close());

it('logs one line per request, with its method, address, status and time', async () => {
  const lines: string[] = [];
  const app = await buildApp({
    database: api.database,
    webDist: '/nonexistent',
    logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
  });
  try {
    const r = await app.inject({ method: 'GET', url: '/api/teams', headers: bearer(tenant.adminToken) });
    expect(r.statusCode).toBe(200);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ msg: 'request', method: 'GET', url: '/api/teams', status: 200 });
    expect(logged[0]?.reqId).toBe(r.headers['x-request-id']);
    expect(typeof logged[0]?.ms).toBe('number');
  } finally {
    await app.close();
  }
});

it('writes the lines of one turn of the event loop together', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-log-')), 'log');
  const fd = fs.openSync(file, 'w');
  try {
    const writer = new BatchedWriter(fd);
    writer.write('one\n');
    writer.write('two\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('');
    await new Promise((r) => setImmediate(r));
    expect(fs.readFileSync(file, 'utf8')).toBe('one\ntwo\n');
  } finally {
    fs.closeSync(fd);
  }
});
