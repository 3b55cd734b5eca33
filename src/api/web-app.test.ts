import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import { buildApp } from './app';

describe('the web app files', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-web-'));

  beforeAll(async () => {
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Rapport</title>');
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    database = await createTestDatabase('pglite');
    app = await buildApp({ database, webDist: dist });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves a page path as the app, a built file as itself, and a file built after start too', async () => {
    const page = await app.inject({ method: 'GET', url: '/customers/123?tab=timeline' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<title>Rapport</title>');
    expect((await app.inject({ method: 'GET', url: '/assets/app-1.js' })).body).toBe('console.log(1)');
    fs.writeFileSync(path.join(dist, 'assets', 'app-2.js'), 'console.log(2)');
    const rebuilt = await app.inject({ method: 'GET', url: '/assets/app-2.js' });
    expect(rebuilt.statusCode).toBe(200);
    expect(rebuilt.headers['content-type']).toContain('javascript');
    expect(rebuilt.body).toBe('console.log(2)');
  });

  it('answers 404 for a missing asset and an unknown API path', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/gone-3.js' });
    expect(asset.statusCode).toBe(404);
    expect(asset.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await app.inject({ method: 'GET', url: '/api/nothing-here' })).statusCode).toBe(404);
  });
});
