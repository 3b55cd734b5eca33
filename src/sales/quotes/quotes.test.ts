import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';

/** A 4×4 red PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==',
  'base64',
);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describeEachDatabase('quotes over HTTP', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let sales: { id: string; token: string };
  let ann: string;
  let seat: string;

  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const open = (method: 'GET' | 'POST', url: string, payload?: object) =>
    api.app.inject({ method, url, payload });
  const count = async (table: string, where = sql`true`) => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(api.database.db);
    return rows[0]?.n ?? 0;
  };
  const newOpportunity = async (payload: object = {}) => {
    const res = await call(sales.token, 'POST', '/api/opportunities', {
      name: 'Seats for Ann',
      personId: ann,
      currency: 'EUR',
      lines: [
        { productId: seat, quantity: 10 },
        { sku: 'SUPPORT', quantity: 1, discount: 50 },
      ],
      ...payload,
    });
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    sales = await api.addUser(a, 'sales');
    ann = (
      await call(a.adminToken, 'POST', '/api/people', {
        firstName: 'Ann',
        lastName: 'Lee',
        emails: ['ann@example.com'],
      })
    ).json().id;
    seat = (
      await call(a.adminToken, 'POST', '/api/products', { sku: 'SEAT', name: 'Seat licence', listPrice: 120 })
    ).json().id;
    await call(a.adminToken, 'POST', '/api/products', {
      sku: 'SUPPORT',
      name: 'Support plan',
      listPrice: 500,
    });
  });
  afterAll(() => api.close());

  it('builds a quote from the opportunity’s lines and keeps every revision', async () => {
    const opp = await newOpportunity();
    const res = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/quotes`, {
      validUntil: '2099-12-31',
      terms: 'Net 30',
    });
    expect(res.statusCode).toBe(201);
    const quote = res.json();
    expect(quote).toMatchObject({
      reference: expect.stringMatching(/^Q-\d{6}$/),
      status: 'draft',
      revision: 1,
      sentAt: null,
      shown: {
        revision: 1,
        validUntil: '2099-12-31',
        terms: 'Net 30',
        currency: 'EUR',
        subtotal: 1700,
        discountTotal: 50,
        total: 1650,
      },
    });
    expect(quote.shown.lines.map((l: { sku: string; lineTotal: number }) => [l.sku, l.lineTotal])).toEqual([
      ['SEAT', 1200],
      ['SUPPORT', 450],
    ]);
    const revised = await call(sales.token, 'POST', `/api/quotes/${quote.id}/revisions`, {
      lines: [{ productId: seat, quantity: 12, discount: 140 }],
    });
    expect(revised.statusCode).toBe(201);
    expect(revised.json()).toMatchObject({
      revision: 2,
      shown: { revision: 2, terms: 'Net 30', validUntil: '2099-12-31', total: 1300 },
      revisions: [
        { revision: 2, total: 1300 },
        { revision: 1, total: 1650 },
      ],
    });
    const first = (await call(sales.token, 'GET', `/api/quotes/${quote.id}?revision=1`)).json();
    expect(first.shown.total).toBe(1650);
    const list = (await call(sales.token, 'GET', `/api/opportunities/${opp.id}/quotes`)).json();
    expect(list.items).toEqual([
      expect.objectContaining({ id: quote.id, revision: 2, total: 1300, status: 'draft' }),
    ]);
  });

  it('refuses bad quotes by field and changes nothing', async () => {
    const opp = await newOpportunity();
    const before = await count('quotes');
    const negative = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/quotes`, {
      lines: [{ productId: seat, quantity: -1 }],
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().error.field).toBe('lines.0.quantity');
    const currency = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/quotes`, {
      lines: [{ productId: seat, quantity: 1, currency: 'USD' }],
    });
    expect(currency.statusCode).toBe(400);
    expect(currency.json().error.field).toBe('lines.0.currency');
    const past = await call(sales.token, 'POST', `/api/opportunities/${opp.id}/quotes`, {
      validUntil: '2001-01-01',
    });
    expect(past.json().error.field).toBe('validUntil');
    const account = (await call(sales.token, 'POST', '/api/accounts', { name: 'Nobody Ltd' })).json();
    const noPerson = await newOpportunity({ personId: undefined, accountId: account.id });
    const res = await call(sales.token, 'POST', `/api/opportunities/${noPerson.id}/quotes`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.field).toBe('personId');
    const bare = (
      await call(sales.token, 'POST', '/api/opportunities', { name: 'Bare', personId: ann })
    ).json();
    const noLines = await call(sales.token, 'POST', `/api/opportunities/${bare.id}/quotes`, {});
    expect(noLines.json().error.field).toBe('lines');
    expect(await count('quotes')).toBe(before);
  });

  describe('the acceptance link', () => {
    let opp: { id: string };
    let quote: { id: string; reference: string };
    let token: string;

    beforeAll(async () => {
      opp = await newOpportunity({ name: 'Accept me' });
      quote = (
        await call(sales.token, 'POST', `/api/opportunities/${opp.id}/quotes`, { terms: 'Net 14' })
      ).json();
      const link = await call(sales.token, 'POST', `/api/quotes/${quote.id}/link`, { expiresInDays: 7 });
      expect(link.statusCode).toBe(201);
      token = link.json().token;
      expect(link.json().path).toBe(`/quote/${token}`);
      expect(link.json().quote).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    });

    it('sends the quote: its person moves to evaluation, and only the token’s hash is kept', async () => {
      expect((await call(sales.token, 'GET', `/api/people/${ann}`)).json().lifecycleStage).toBe('evaluation');
      expect(await count('quotes', sql`link_token_hash = encode(sha256(${token}::bytea), 'hex')`)).toBe(1);
      expect(await count('quotes', sql`link_token_hash = ${token}`)).toBe(0);
    });

    it('shows the customer the quote and nothing else of the workspace, without a session', async () => {
      const res = await open('GET', `/api/public/quotes/${token}`);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page).toMatchObject({
        reference: quote.reference,
        revision: 1,
        status: 'sent',
        seller: 'Workspace acme',
        preparedFor: 'Ann Lee',
        currency: 'EUR',
        total: 1650,
        terms: 'Net 14',
        expired: false,
        hasLogo: false,
      });
      expect(res.body).not.toMatch(UUID);
      expect((await open('GET', `/api/public/quotes/${'x'.repeat(43)}`)).statusCode).toBe(404);
      const pdf = await open('GET', `/api/public/quotes/${token}/pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('refuses a revision the customer did not see, naming revision', async () => {
      const res = await open('POST', `/api/public/quotes/${token}/accept`, { revision: 2, name: 'Ann Lee' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.field).toBe('revision');
    });

    it('accepts once: the opportunity is won and one order is made with the quote’s lines, on the timeline', async () => {
      const orders = await count('orders');
      const clicks = await Promise.all([
        open('POST', `/api/public/quotes/${token}/accept`, { revision: 1, name: 'Ann Lee' }),
        open('POST', `/api/public/quotes/${token}/accept`, { revision: 1, name: 'Ann Lee' }),
        open('POST', `/api/public/quotes/${token}/accept`, { revision: 1, name: 'Ann Lee' }),
      ]);
      expect(clicks.map((c) => c.statusCode)).toEqual([200, 200, 200]);
      expect(clicks[0]?.json()).toMatchObject({ status: 'accepted', acceptedName: 'Ann Lee' });
      expect(await count('orders')).toBe(orders + 1);

      const won = (await call(sales.token, 'GET', `/api/opportunities/${opp.id}`)).json();
      expect(won).toMatchObject({ status: 'won', amount: 1650, orderId: expect.any(String) });
      const order = (await call(sales.token, 'GET', `/api/orders/${won.orderId}`)).json();
      expect(order).toMatchObject({
        personId: ann,
        total: 1650,
        currency: 'EUR',
        externalRef: quote.reference,
      });
      expect(order.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
        ['SEAT', 10],
        ['SUPPORT', 1],
      ]);
      const timeline = (await call(sales.token, 'GET', `/api/people/${ann}/timeline?type=purchase`)).json();
      expect(
        timeline.items.some((i: { links: { orderId?: string } }) => i.links.orderId === won.orderId),
      ).toBe(true);
      expect((await call(sales.token, 'GET', `/api/people/${ann}`)).json().lifecycleStage).toBe('customer');
      const accepted = (await call(sales.token, 'GET', `/api/quotes/${quote.id}`)).json();
      expect(accepted).toMatchObject({ status: 'accepted', acceptedRevision: 1, orderId: won.orderId });
      // Too late to decline, or to revise.
      expect((await open('POST', `/api/public/quotes/${token}/decline`, {})).statusCode).toBe(409);
      expect((await call(sales.token, 'POST', `/api/quotes/${quote.id}/revisions`, {})).statusCode).toBe(409);
    });

    it('refuses to accept a declined quote, an expired one and an expired link, by field', async () => {
      const other = await newOpportunity({ name: 'Decline me' });
      const q = (await call(sales.token, 'POST', `/api/opportunities/${other.id}/quotes`, {})).json();
      const t = (await call(sales.token, 'POST', `/api/quotes/${q.id}/link`, {})).json().token;
      const declined = await open('POST', `/api/public/quotes/${t}/decline`, { reason: 'Too expensive' });
      expect(declined.json()).toMatchObject({ status: 'declined' });
      const orders = await count('orders');
      const late = await open('POST', `/api/public/quotes/${t}/accept`, { revision: 1, name: 'Ann' });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.field).toBe('status');

      const q2 = (await call(sales.token, 'POST', `/api/opportunities/${other.id}/quotes`, {})).json();
      const t2 = (await call(sales.token, 'POST', `/api/quotes/${q2.id}/link`, {})).json().token;
      await sql`update quote_revisions set valid_until = current_date - 1 where quote_id = ${q2.id}`.execute(
        api.database.db,
      );
      expect((await open('GET', `/api/public/quotes/${t2}`)).json().expired).toBe(true);
      const expired = await open('POST', `/api/public/quotes/${t2}/accept`, { revision: 1, name: 'Ann' });
      expect(expired.statusCode).toBe(409);
      expect(expired.json().error.field).toBe('validUntil');

      await sql`update quotes set link_expires_at = now() - interval '1 minute' where id = ${q2.id}`.execute(
        api.database.db,
      );
      const gone = await open('POST', `/api/public/quotes/${t2}/accept`, { revision: 1, name: 'Ann' });
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.field).toBe('token');
      expect(await count('orders')).toBe(orders);
      expect((await call(sales.token, 'GET', `/api/opportunities/${other.id}`)).json().status).toBe('open');
    });
  });

  it('prints the workspace logo: PNG or JPEG only, 512 KB at most', async () => {
    const put = (body: Buffer, type: string, token = sales.token) =>
      api.app.inject({
        method: 'PUT',
        url: '/api/quote-settings/logo',
        headers: { ...bearer(token), 'content-type': type },
        payload: body,
      });
    expect((await put(PNG, 'image/png')).statusCode).toBe(204);
    const logo = await call(sales.token, 'GET', '/api/quote-settings/logo');
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.rawPayload.equals(PNG)).toBe(true);
    const notPng = await put(Buffer.from('GIF89a....'), 'image/png');
    expect(notPng.statusCode).toBe(400);
    expect(notPng.json().error.field).toBe('logo');
    expect((await put(Buffer.from('GIF89a'), 'image/gif')).statusCode).toBe(415);
    expect((await put(Buffer.concat([PNG, Buffer.alloc(600 * 1024)]), 'image/png')).statusCode).toBe(413);
    const service = await api.addUser(a, 'service');
    expect((await put(PNG, 'image/png', service.token)).statusCode).toBe(403);

    const opp = await newOpportunity();
    const quote = (await call(sales.token, 'POST', `/api/opportunities/${opp.id}/quotes`, {})).json();
    const pdf = await call(sales.token, 'GET', `/api/quotes/${quote.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-disposition']).toContain(`${quote.reference}-r1.pdf`);
    // The image is embedded as an XObject.
    expect(pdf.rawPayload.toString('latin1')).toContain('/Subtype /Image');
    const t = (await call(sales.token, 'POST', `/api/quotes/${quote.id}/link`, {})).json().token;
    expect((await open('GET', `/api/public/quotes/${t}`)).json().hasLogo).toBe(true);
    expect((await open('GET', `/api/public/quotes/${t}/logo`)).rawPayload.equals(PNG)).toBe(true);
  });

  it('lets the rep record an acceptance given another way, once', async () => {
    const opp = await newOpportunity();
    const quote = (await call(sales.token, 'POST', `/api/opportunities/${opp.id}/quotes`, {})).json();
    const orders = await count('orders');
    const first = await call(sales.token, 'POST', `/api/quotes/${quote.id}/accept`, {
      revision: 1,
      name: 'Signed on paper',
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'accepted', acceptedName: 'Signed on paper' });
    const again = await call(sales.token, 'POST', `/api/quotes/${quote.id}/accept`, {
      revision: 1,
      name: 'Again',
    });
    expect(again.statusCode).toBe(200);
    expect(await count('orders')).toBe(orders + 1);
  });
});
