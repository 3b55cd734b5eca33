import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withTenant } from '../../db/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';
import { hasConsent } from './consent';

describeEachDatabase('consent', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let personId: string;
  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const may = () =>
    withTenant(api.database.db, a.workspaceId, (trx) =>
      hasConsent(trx, a.workspaceId, personId, 'email', 'marketing'),
    );

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    personId = (await call(a.adminToken, 'POST', '/api/people', { displayName: 'Consenting Adult' })).json()
      .id;
  });
  afterAll(() => api.close());

  it('records a grant and a withdrawal that takes effect at once, keeping the history as proof', async () => {
    expect(await may()).toBe(false);
    const granted = await call(a.adminToken, 'POST', `/api/people/${personId}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      state: 'granted',
      source: 'web form /newsletter',
      proof: 'checkbox ticked, IP 203.0.113.9',
    });
    expect(granted.statusCode).toBe(201);
    expect(await may()).toBe(true);
    await call(a.adminToken, 'POST', `/api/people/${personId}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      state: 'withdrawn',
      source: 'unsubscribe link',
    });
    expect(await may()).toBe(false);
    const consents = (await call(a.adminToken, 'GET', `/api/people/${personId}/consents`)).json();
    expect(consents.current).toEqual([
      expect.objectContaining({ channel: 'email', purpose: 'marketing', state: 'withdrawn' }),
    ]);
    expect(consents.history.map((e: { state: string }) => e.state)).toEqual(['withdrawn', 'granted']);
    expect(consents.history[1].proof).toBe('checkbox ticked, IP 203.0.113.9');
    const audit = (await call(a.adminToken, 'GET', `/api/audit/people/${personId}`)).json().items;
    expect(audit[0].changes['consent.email.marketing']).toEqual({ before: 'granted', after: 'withdrawn' });
  });

  it('keeps service consent apart from marketing consent', async () => {
    await call(a.adminToken, 'POST', `/api/people/${personId}/consents`, {
      channel: 'sms',
      purpose: 'service',
      state: 'granted',
      source: 'call centre',
    });
    const current = (await call(a.adminToken, 'GET', `/api/people/${personId}/consents`)).json().current;
    expect(
      current.map((c: { channel: string; purpose: string }) => `${c.channel}/${c.purpose}`).sort(),
    ).toEqual(['email/marketing', 'sms/service']);
  });

  it('refuses unknown channels and never lets history be edited or deleted', async () => {
    const bad = await call(a.adminToken, 'POST', `/api/people/${personId}/consents`, {
      channel: 'pigeon',
      purpose: 'marketing',
      state: 'granted',
      source: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('channel');
    await expect(sql`update consent_events set state = 'granted'`.execute(api.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from consent_events`.execute(api.database.db)).rejects.toThrow(/append-only/);
  });
});
