import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';

describeEachDatabase('leads over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let sales: { id: string; token: string };
  let marketing: { id: string; token: string };
  let known: string;

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const count = async (table: string, where = sql`true`) => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(api.database.db);
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    sales = await api.addUser(a, 'sales');
    marketing = await api.addUser(a, 'marketing');
    const person = await call(a.adminToken, 'POST', '/api/people', {
      firstName: 'Kim',
      lastName: 'Known',
      emails: ['kim@example.com'],
      lifecycleStage: 'customer',
    });
    known = person.json().id;
  });
  afterAll(() => api.close());

  it('lands a lead from a known email on that person, and makes a person for an unknown one', async () => {
    const people = await count('people');
    const res = await call(sales.token, 'POST', '/api/leads', {
      firstName: 'Kim',
      email: 'KIM@example.com',
      company: 'Kimco',
      source: 'trade show',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      personId: known,
      status: 'new',
      source: 'trade show',
      ownerId: sales.id,
    });
    expect(await count('people')).toBe(people);
    // The customer stays a customer.
    expect((await call(sales.token, 'GET', `/api/people/${known}`)).json().lifecycleStage).toBe('customer');

    const fresh = await call(sales.token, 'POST', '/api/leads', {
      firstName: 'Nia',
      lastName: 'New',
      email: 'nia@example.com',
    });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().personId).not.toBeNull();
    expect(await count('people')).toBe(people + 1);
    const person = (await call(sales.token, 'GET', `/api/people/${fresh.json().personId}`)).json();
    expect(person).toMatchObject({ displayName: 'Nia New', lifecycleStage: 'awareness' });
  });

  it('answers a repeated idempotency key with the first lead, and refuses empty or malformed leads by field', async () => {
    const first = await call(sales.token, 'POST', '/api/leads', {
      company: 'Once Ltd',
      idempotencyKey: 'k-1',
    });
    const again = await call(sales.token, 'POST', '/api/leads', {
      company: 'Once Ltd',
      idempotencyKey: 'k-1',
    });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const before = await count('leads');
    const empty = await call(sales.token, 'POST', '/api/leads', { message: 'hello' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe('email');
    const bad = await call(sales.token, 'POST', '/api/leads', { firstName: 'X', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('email');
    expect(await count('leads')).toBe(before);
  });

  it('works a lead: working moves its person to consideration, disqualifying needs a reason', async () => {
    const lead = (
      await call(sales.token, 'POST', '/api/leads', { firstName: 'Wes', email: 'wes@example.com' })
    ).json();
    const working = await call(sales.token, 'PATCH', `/api/leads/${lead.id}`, { status: 'working' });
    expect(working.json().status).toBe('working');
    expect((await call(sales.token, 'GET', `/api/people/${lead.personId}`)).json().lifecycleStage).toBe(
      'consideration',
    );
    const noReason = await call(sales.token, 'PATCH', `/api/leads/${lead.id}`, { status: 'disqualified' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('disqualifyReason');
    const out = await call(sales.token, 'PATCH', `/api/leads/${lead.id}`, {
      status: 'disqualified',
      disqualifyReason: 'Student, no budget',
    });
    expect(out.json()).toMatchObject({ status: 'disqualified', disqualifyReason: 'Student, no budget' });
    // Marketing reads leads but does not work them.
    expect((await call(marketing.token, 'GET', `/api/leads/${lead.id}`)).statusCode).toBe(200);
    expect(
      (await call(marketing.token, 'PATCH', `/api/leads/${lead.id}`, { status: 'new' })).statusCode,
    ).toBe(403);
  });

  it('converts a lead into its person, an account and an opportunity, once', async () => {
    const lead = (
      await call(sales.token, 'POST', '/api/leads', {
        firstName: 'Cora',
        lastName: 'Convert',
        email: 'cora@globex.example',
        company: 'Globex',
        jobTitle: 'Head of IT',
      })
    ).json();
    const res = await call(sales.token, 'POST', `/api/leads/${lead.id}/convert`, {
      amount: 5000,
      currency: 'EUR',
    });
    expect(res.statusCode).toBe(201);
    const conversion = res.json();
    expect(conversion).toMatchObject({
      personId: lead.personId,
      accountCreated: true,
      lead: { status: 'qualified', personId: lead.personId },
      opportunity: {
        name: 'Globex: new business',
        personId: lead.personId,
        leadId: lead.id,
        amount: 5000,
        currency: 'EUR',
        stageName: 'Qualification',
        ownerId: sales.id,
      },
    });
    expect(conversion.lead.accountId).toBe(conversion.accountId);
    expect(conversion.lead.opportunityId).toBe(conversion.opportunity.id);
    expect(conversion.lead.convertedAt).not.toBeNull();
    const person = (await call(sales.token, 'GET', `/api/people/${lead.personId}`)).json();
    expect(person.lifecycleStage).toBe('pre_sales');
    expect(person.accounts).toEqual([
      expect.objectContaining({
        accountId: conversion.accountId,
        name: 'Globex',
        role: 'Head of IT',
        primary: true,
      }),
    ]);

    const opportunities = await count('opportunities');
    const accounts = await count('accounts');
    const twice = await call(sales.token, 'POST', `/api/leads/${lead.id}/convert`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.field).toBe('status');
    expect(await count('opportunities')).toBe(opportunities);
    expect(await count('accounts')).toBe(accounts);

    // A second lead from the same company links the same account.
    const colleague = (
      await call(sales.token, 'POST', '/api/leads', {
        firstName: 'Gil',
        email: 'gil@globex.example',
        company: 'GLOBEX',
      })
    ).json();
    const linked = (await call(sales.token, 'POST', `/api/leads/${colleague.id}/convert`, {})).json();
    expect(linked).toMatchObject({ accountId: conversion.accountId, accountCreated: false });
  });

  it('converts a lead with a name but no email or phone, making its person', async () => {
    const lead = (
      await call(sales.token, 'POST', '/api/leads', { firstName: 'Paper', lastName: 'Card' })
    ).json();
    expect(lead.personId).toBeNull();
    const conversion = (await call(sales.token, 'POST', `/api/leads/${lead.id}/convert`, {})).json();
    expect(conversion.personId).not.toBeNull();
    expect(conversion.accountId).toBeNull();
    const person = (await call(sales.token, 'GET', `/api/people/${conversion.personId}`)).json();
    expect(person.displayName).toBe('Paper Card');
    expect(person.identities).toEqual([
      expect.objectContaining({ kind: 'external', value: `lead:${lead.id}` }),
    ]);
  });

  it.runIf(kind === 'postgres')('converts a lead once when two converts race', async () => {
    const lead = (
      await call(sales.token, 'POST', '/api/leads', { company: 'Race Co', email: 'r@race.example' })
    ).json();
    const before = await count('opportunities');
    const results = await Promise.all([
      call(sales.token, 'POST', `/api/leads/${lead.id}/convert`, {}),
      call(sales.token, 'POST', `/api/leads/${lead.id}/convert`, {}),
      call(sales.token, 'POST', `/api/leads/${lead.id}/convert`, {}),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await count('opportunities')).toBe(before + 1);
  });

  it('lists leads newest first with filters and a name prefix', async () => {
    const page = (await call(sales.token, 'GET', '/api/leads?limit=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const next = (await call(sales.token, 'GET', `/api/leads?limit=2&cursor=${page.nextCursor}`)).json();
    expect(next.items[0].id).not.toBe(page.items[1].id);
    const glob = (await call(sales.token, 'GET', '/api/leads?q=glob')).json();
    expect(glob.items.map((l: { company: string }) => l.company).sort()).toEqual(['GLOBEX', 'Globex']);
    const converted = (await call(sales.token, 'GET', '/api/leads?converted=true')).json();
    expect(converted.items.every((l: { convertedAt: string | null }) => l.convertedAt !== null)).toBe(true);
    const disqualified = (await call(sales.token, 'GET', '/api/leads?status=disqualified')).json();
    expect(disqualified.items).toHaveLength(1);
  });

  describe('the public web form', () => {
    let key: string;
    /** A visitor's post; `x-forwarded-for` stands for the visitor's own address (no proxy is trusted). */
    const post = (payload: string | object, headers: Record<string, string> = {}, formKey = key) => {
      const { 'x-forwarded-for': address, ...rest } = headers;
      return api.app.inject({
        method: 'POST',
        url: `/api/public/forms/${formKey}/leads`,
        remoteAddress: address ?? '192.0.2.1',
        headers: {
          'content-type':
            typeof payload === 'string' ? 'application/x-www-form-urlencoded' : 'application/json',
          ...rest,
        },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    };

    beforeAll(async () => {
      const form = await call(sales.token, 'POST', '/api/lead-forms', {
        name: 'Contact us',
        allowedOrigin: 'https://www.acme.example',
        redirectUrl: 'https://www.acme.example/thanks',
        campaign: 'spring',
        perAddressPerMinute: 3,
      });
      expect(form.statusCode).toBe(201);
      key = form.json().formKey;
      expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    });

    it('captures a lead from the form’s site with identity resolution, and answers nothing else', async () => {
      const res = await post(
        { name: 'Kim Known', email: 'kim@example.com', message: 'Call me', utm_source: 'x' },
        { origin: 'https://www.acme.example', 'x-forwarded-for': '203.0.113.1' },
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'received' });
      expect(res.headers['access-control-allow-origin']).toBe('https://www.acme.example');
      const { rows } = await sql<{ person_id: string; source: string; campaign: string; first_name: string }>`
        select person_id, source, campaign, first_name from leads where message = 'Call me'`.execute(
        api.database.db,
      );
      expect(rows).toEqual([{ person_id: known, source: 'web_form', campaign: 'spring', first_name: 'Kim' }]);
    });

    it('takes a plain HTML form post and sends the visitor to the thank-you page', async () => {
      const res = await post('first_name=Hal&email=hal%40example.com&company=Hal+Inc', {
        'x-forwarded-for': '203.0.113.2',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('https://www.acme.example/thanks');
      expect(await count('leads', sql`company = 'Hal Inc'`)).toBe(1);
    });

    it('stores nothing from a bot that fills the honeypot, yet answers the same', async () => {
      const before = await count('leads');
      const res = await post(
        { name: 'Bot', email: 'bot@spam.example', website_url: 'http://spam.example' },
        { 'x-forwarded-for': '203.0.113.3' },
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'received' });
      expect(await count('leads')).toBe(before);
    });

    it('refuses another site, an unknown key and a bad email; rate limits an address', async () => {
      const other = await post(
        { email: 'x@example.com' },
        { origin: 'https://evil.example', 'x-forwarded-for': '203.0.113.4' },
      );
      expect(other.statusCode).toBe(403);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const unknown = await post({ email: 'x@example.com' }, {}, 'A'.repeat(32));
      expect(unknown.statusCode).toBe(404);
      const bad = await post({ email: 'nope' }, { 'x-forwarded-for': '203.0.113.5' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('email');
      const before = await count('leads');
      const answers = [];
      for (let i = 0; i < 5; i++)
        answers.push(
          (await post({ company: `Burst ${i}` }, { 'x-forwarded-for': '198.51.100.7' })).statusCode,
        );
      expect(answers).toEqual([200, 200, 200, 429, 429]);
      expect(await count('leads')).toBe(before + 3);
      const limited = await post({ company: 'Burst 9' }, { 'x-forwarded-for': '198.51.100.7' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('answers the preflight of the form’s site only', async () => {
      const ok = await api.app.inject({
        method: 'OPTIONS',
        url: `/api/public/forms/${key}/leads`,
        headers: { origin: 'https://www.acme.example', 'access-control-request-method': 'POST' },
      });
      expect(ok.statusCode).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe('https://www.acme.example');
      const no = await api.app.inject({
        method: 'OPTIONS',
        url: `/api/public/forms/${key}/leads`,
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(no.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
