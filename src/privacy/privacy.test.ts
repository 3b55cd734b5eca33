import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

describeEachDatabase('privacy: export and erasure', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let personId: string;
  let noteId: string;
  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    const person = await call(a.adminToken, 'POST', '/api/people', {
      firstName: 'Pia',
      lastName: 'Private',
      emails: ['pia@example.com'],
      phones: ['+44 20 7946 0018'],
      birthday: '1990-05-17',
    });
    personId = person.json().id;
    await call(a.adminToken, 'POST', `/api/people/${personId}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      state: 'granted',
      source: 'signup',
    });
    noteId = (
      await call(a.adminToken, 'POST', '/api/notes', {
        objectType: 'people',
        objectId: personId,
        body: 'Lives above the shop',
      })
    ).json().id;
    const db = api.database.db;
    await sql`insert into interactions (workspace_id, person_id, channel, direction, type, occurred_at, subject, body,
        identifiers, resolution)
      values (${a.workspaceId}, ${personId}, 'phone', 'inbound', 'call', now(), 'Address change', 'New flat at 4 Elm Row',
        '{"phone": "020 7946 0018"}', '{"matchedBy": {"kind": "phone", "value": "+442079460018"}}')`.execute(
      db,
    );
    const product = await sql<{ id: string }>`insert into products (workspace_id, sku, name, list_price)
      values (${a.workspaceId}, 'TEA', 'Tea', 4.5) returning id`.execute(db);
    const order = await sql<{
      id: string;
    }>`insert into orders (workspace_id, person_id, ordered_at, channel, total, external_ref)
      values (${a.workspaceId}, ${personId}, now(), 'store', 9.00, 'till-77') returning id`.execute(db);
    await sql`insert into order_lines (workspace_id, order_id, line_no, product_id, quantity, unit_price)
      values (${a.workspaceId}, ${order.rows[0]?.id}, 1, ${product.rows[0]?.id}, 2, 4.5)`.execute(db);
  });
  afterAll(() => api.close());

  it('exports everything held about the person as JSON', async () => {
    const r = await call(a.adminToken, 'GET', `/api/people/${personId}/export`);
    expect(r.statusCode).toBe(200);
    const data = r.json();
    expect(data.person).toMatchObject({ given_name: 'Pia', family_name: 'Private', birthday: '1990-05-17' });
    expect(data.records['identities.person_id'].map((i: { value: string }) => i.value).sort()).toEqual([
      '+442079460018',
      'pia@example.com',
    ]);
    expect(data.records['interactions.person_id'][0].body).toBe('New flat at 4 Elm Row');
    expect(data.records['orders.person_id'][0].total).toBe(9);
    expect(data.records['consent_events.person_id']).toHaveLength(1);
    expect(data.notes[0].body).toBe('Lives above the shop');
    expect(JSON.stringify(data)).not.toContain(a.workspaceId);
  });

  it('erases personal data, keeps order amounts and consent proof, and audits it without the values', async () => {
    const r = await call(a.adminToken, 'POST', `/api/people/${personId}/erase`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ identitiesDeleted: 2, interactionsErased: 1, notesDeleted: 1 });
    const person = (await call(a.adminToken, 'GET', `/api/people/${personId}`)).json();
    expect(person).toMatchObject({
      displayName: 'Erased person',
      firstName: null,
      birthday: null,
      identities: [],
    });
    const data = (await call(a.adminToken, 'GET', `/api/people/${personId}/export`)).json();
    const text = JSON.stringify(data);
    for (const secret of ['Pia', 'pia@example.com', '7946', 'Elm Row', 'above the shop', 'till-77']) {
      expect(text).not.toContain(secret);
    }
    expect(data.records['orders.person_id'][0].total).toBe(9);
    expect(data.records['consent_events.person_id'][0].state).toBe('granted');
    const audit = (await call(a.adminToken, 'GET', `/api/audit/people/${personId}`)).json().items;
    const erasure = audit.find((e: { action: string }) => e.action === 'delete');
    expect(erasure.changes.personal_data).toEqual({ before: 'present', after: 'erased' });
    expect(JSON.stringify(erasure)).not.toContain('Pia');
    // The audit log keeps the entries, redacted: the person's own and their note's.
    const history = JSON.stringify(audit);
    const noteHistory = (await call(a.adminToken, 'GET', `/api/audit/notes/${noteId}`)).json().items;
    expect(noteHistory).toHaveLength(1);
    for (const secret of ['Pia', 'Private', 'pia@example.com', '7946', '1990-05-17'])
      expect(history).not.toContain(secret);
    expect(JSON.stringify(noteHistory)).not.toContain('above the shop');
  });

  it('lets only roles that may delete people erase them', async () => {
    const agent = await api.addUser(a, 'service');
    const other = (await call(a.adminToken, 'POST', '/api/people', { displayName: 'Keep Me' })).json().id;
    expect((await call(agent.token, 'POST', `/api/people/${other}/erase`)).statusCode).toBe(403);
    const b = await api.addTenant('bolt');
    expect((await call(b.adminToken, 'GET', `/api/people/${other}/export`)).statusCode).toBe(404);
  });
});
