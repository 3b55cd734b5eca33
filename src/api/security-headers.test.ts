import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createTestDatabase, type TestDatabase } from '../testing/db';
import type { Api } from '../platform/index';
import { buildApp } from './app';
import { API_POLICY, APP_POLICY, DOCS_POLICY } from './security-headers';

describe('security headers', () => {
  let database: TestDatabase;
  let webDist: string;
  const apps: Api[] = [];
  const app = async (env: NodeJS.ProcessEnv = {}) => {
    const built = await buildApp({ database, webDist, config: loadConfig(env) });
    apps.push(built);
    return built;
  };

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-web-'));
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Rapport</title>');
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await database.close();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('gives the app page a strict policy with no inline script and no framing', async () => {
    const r = await (await app()).inject({ method: 'GET', url: '/customers/123' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-security-policy']).toBe(APP_POLICY);
    expect(APP_POLICY).toContain("script-src 'self'");
    expect(APP_POLICY).not.toContain('unsafe-inline');
    expect(APP_POLICY).not.toContain('unsafe-eval');
    expect(APP_POLICY).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });

  it('gives API answers, errors included, a policy that renders nothing', async () => {
    const a = await app();
    for (const url of ['/api/health', '/api/teams', '/api/nowhere']) {
      const r = await a.inject({ method: 'GET', url });
      expect(r.headers['content-security-policy'], url).toBe(API_POLICY);
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('allows inline styles on the API documentation only', async () => {
    const r = await (await app()).inject({ method: 'GET', url: '/api/docs' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.headers['content-security-policy']).toBe(DOCS_POLICY);
    expect(DOCS_POLICY).toContain("style-src 'self' 'unsafe-inline'");
    expect(DOCS_POLICY).toContain("script-src 'self';");
  });

  it('asks for https from then on when served over https', async () => {
    const r = await (await app({ PUBLIC_URL: 'https://crm.example.com' })).inject({
      method: 'GET',
      url: '/',
    });
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});
