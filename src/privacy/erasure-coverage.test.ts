import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { allJobHandlers } from '../api/index';
import { JobRunner } from '../platform/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';

/**
 * Every column that can hold text about a person, from the live catalogue (text, citext, jsonb,
 * text[], bytea and date columns of every table), classified: `personal` columns can hold a
 * person's data and the erasure must clear them; the others are said why not. A column added later
 * without a line here fails the first test, so whoever adds it decides.
 */
const personal = (why: string) => ({ personal: true, why });
const not = (why: string) => ({ personal: false, why });
const COLUMNS: Record<string, { personal: boolean; why: string }> = {
  'account_attribute_values.dt': not("an account's custom attribute (a company, not a person)"),
  'account_attribute_values.key': not('an attribute definition key'),
  'account_attribute_values.txt': not("an account's custom attribute (a company, not a person)"),
  'account_members.role': personal("the person's role at the company, free text"),
  'account_tags.tag': not('a label on an account'),
  'accounts.attributes': not("a company's custom attributes"),
  'accounts.domain': not("a company's web domain"),
  'accounts.industry': not("a company's industry"),
  'accounts.name': not("a company's name"),
  'accounts.size': not("a company's size band"),
  'api_tokens.name': not('a user’s name for a token (users are staff, not customers)'),
  'api_tokens.token_hash': not('a hash of a secret'),
  'attribute_definitions.key': not('the workspace’s definition of a field'),
  'attribute_definitions.label': not('the workspace’s definition of a field'),
  'attribute_definitions.object_type': not('the workspace’s definition of a field'),
  'attribute_definitions.options': not('the choices of a field'),
  'attribute_definitions.type': not('the workspace’s definition of a field'),
  'audit_log.action': not('create, update, delete, merge'),
  'audit_log.actor_kind': not('user, token or system'),
  'audit_log.changes': personal('the values of every audited change: redacted in place'),
  'audit_log.object_id': not('a record id (the person’s stays, now an anonymous record)'),
  'audit_log.object_type': not('a table name'),
  'audit_log.request_id': not('a request id'),
  'close_reasons.kind': not('won or lost'),
  'close_reasons.name': not('a reason from the workspace’s list'),
  'known_logins.key_hash': not('a hash of a staff login’s device or address'),
  'known_logins.kind': not('device or address'),
  'lead_forms.allowed_origin': not('the business’s site'),
  'lead_forms.campaign': not('a campaign name'),
  'lead_forms.form_key': not('a form’s public key'),
  'lead_forms.honeypot_field': not('a field name'),
  'lead_forms.name': not('a form’s name'),
  'lead_forms.redirect_url': not('the business’s thank-you page'),
  'lead_forms.source': not('where leads come from, e.g. web_form'),
  'leads.campaign': not('a campaign name'),
  'leads.company': not('the prospect’s organisation'),
  'leads.disqualify_reason': personal('free text: replaced by [erased] on the person’s leads'),
  'leads.email': personal('the prospect’s contact: cleared on the person’s leads'),
  'leads.first_name': personal('the prospect’s name: cleared on the person’s leads'),
  'leads.idempotency_key': not('the client’s retry key'),
  'leads.job_title': personal('about the prospect: cleared on the person’s leads'),
  'leads.last_name': personal('the prospect’s name: cleared on the person’s leads'),
  'leads.message': personal('what the prospect wrote: cleared on the person’s leads'),
  'leads.phone': personal('the prospect’s contact: cleared on the person’s leads'),
  'leads.source': not('where the lead came from'),
  'leads.status': not('new, working, qualified or disqualified'),
  'leads.website': personal('the prospect’s site: cleared on the person’s leads'),
  'opportunities.close_note': personal('free text: cleared on the person’s opportunities'),
  'opportunities.currency': not('a currency code'),
  'opportunities.expected_close': not('a forecast date'),
  'opportunities.name': personal('may name the person: the person’s own deals (no account) renamed'),
  'opportunities.next_step': personal('free text: cleared on the person’s opportunities'),
  'opportunities.status': not('open, won or lost'),
  'opportunity_stage_changes.status': not('open, won or lost'),
  'pipeline_stages.name': not('a stage of the workspace’s pipeline'),
  'pipelines.name': not('the workspace’s pipeline'),
  'quote_lines.name': not('a product’s name'),
  'quote_lines.sku': not('a product code'),
  'quote_revisions.currency': not('a currency code'),
  'quote_revisions.terms': not('the business’s terms'),
  'quote_revisions.valid_until': not('a date'),
  'quote_settings.logo': not('the business’s logo'),
  'quote_settings.logo_type': not('an image type'),
  'quotes.accepted_name': personal('the name the customer signed with: cleared'),
  'quotes.decline_reason': personal('what the customer wrote: cleared'),
  'quotes.link_token_hash': not('a hash'),
  'quotes.status': not('draft, sent, accepted or declined'),
  'sales_activities.kind': not('call, meeting or demo'),
  'sales_activities.next_step': personal('free text: cleared on the person’s opportunities'),
  'sales_activities.outcome': personal('free text: cleared on the person’s opportunities'),
  'consent_events.channel': not('email, sms, ... (kept as proof of consent)'),
  'consent_events.proof': personal('free text of how consent was given'),
  'consent_events.purpose': not('marketing or service (kept as proof of consent)'),
  'consent_events.source': not('the system or form consent came from'),
  'consent_events.state': not('granted or withdrawn (kept as proof of consent)'),
  'cost_events.activity': not('a cost category'),
  'cost_events.currency': not('a currency code'),
  'cost_events.driver': not('what drove the cost, e.g. service_minutes'),
  'cost_events.idempotency_key': not('the client’s retry key, kept so a retry cannot bring the row back'),
  'cost_events.note': personal('free text about the cost to serve the person'),
  'customer_channel_stats.channel': not('a channel of a derived figure of an anonymous person'),
  'customer_purchase_stats.first_day': not('derived purchase figures of an anonymous person'),
  'customer_purchase_stats.last_day': not('derived purchase figures of an anonymous person'),
  'customer_scores.preferred_channel': not('a derived score of an anonymous person'),
  'customer_scores.rfm_segment': not('a derived score of an anonymous person'),
  'identities.kind': personal('the person’s identifiers: deleted'),
  'identities.raw': personal('the person’s identifiers: deleted'),
  'identities.source': personal('the person’s identifiers: deleted'),
  'identities.value': personal('the person’s identifiers: deleted'),
  'import_rejects.field': not('a column name of an imported file'),
  'import_rejects.reason': personal('may quote a value of the refused line: the person’s lines are redacted'),
  'import_rejects.record': personal('the values of a refused line: the person’s lines are redacted'),
  'import_uploads.data': personal('an uploaded file, deleted once its import is done'),
  'imports.actor': not('the user who imported (staff)'),
  'imports.columns': not('the header of an imported file'),
  'imports.counts': not('counts'),
  'imports.error': not('why an import failed (messages, not values)'),
  'imports.file_name': not('a file’s name, given by a user'),
  'imports.fingerprint': not('a hash'),
  'imports.kind': not('people or interactions'),
  'imports.options': not('the column mapping and settings of an import'),
  'imports.state': not('a state'),
  'interactions.body': personal('what was said or written'),
  'interactions.channel': not('a channel'),
  'interactions.direction': not('inbound or outbound'),
  'interactions.idempotency_key': not('the client’s retry key, kept so a retry cannot bring the row back'),
  'interactions.identifiers': personal('the identifiers the interaction arrived with'),
  'interactions.links': not('ids of related records'),
  'interactions.metadata': personal('free JSON sent with the interaction'),
  'interactions.resolution': personal('which identifiers matched the person'),
  'interactions.subject': personal('what was said or written'),
  'interactions.summary': personal('what was said or written'),
  'interactions.type': not('a kind of touch: visit, call, ...'),
  'jobs.error': personal('a job’s error message, redacted where it names the person'),
  'jobs.kind': not('a job kind'),
  'jobs.locked_by': not('a worker name'),
  'jobs.payload': personal('a job’s input, redacted where it names the person'),
  'jobs.result': personal('a job’s output, redacted where it names the person'),
  'jobs.state': not('a state'),
  'lifecycle_changes.from_stage': not('a stage of the customer relationship'),
  'lifecycle_changes.to_stage': not('a stage of the customer relationship'),
  'merge_candidates.reasons': personal('evidence that two records are one person: the person’s pairs go'),
  'merge_candidates.scan_reasons': personal(
    'evidence that two records are one person: the person’s pairs go',
  ),
  'merge_candidates.status': not('a state'),
  'notes.body': personal('free text about a record: the notes on the person and their records go'),
  'notes.object_type': not('a kind of record'),
  'order_returns.idempotency_key': not('the client’s retry key, kept so a retry cannot bring the row back'),
  'order_returns.reason': personal('free text'),
  'orders.channel': not('a sales channel'),
  'orders.currency': not('a currency code'),
  'orders.external_ref': personal('a reference another system knows the person’s order by'),
  'orders.idempotency_key': not('the client’s retry key, kept so a retry cannot bring the row back'),
  'orders.status': not('a state'),
  'orders.store': not('a store or site of the business'),
  'password_resets.token_hash': not('a hash of a secret'),
  'payments.idempotency_key': not('the client’s retry key, kept so a retry cannot bring the row back'),
  'payments.method': not('a payment method'),
  'payments.reference': personal('a payment reference (a card, an account)'),
  'people.account_role': personal('the person’s role at their company'),
  'people.address': personal('a postal address'),
  'people.attributes': personal('the person’s custom fields'),
  'people.birthday': personal('a birthday'),
  'people.display_name': personal('a name (becomes "Erased person")'),
  'people.family_name': personal('a name'),
  'people.given_name': personal('a name'),
  'people.language': personal('a preference of the person'),
  'people.lifecycle_stage': not('a stage of the customer relationship'),
  'people.name_key': personal('the name case-folded (generated from display_name)'),
  'people.notes': personal('free text about the person'),
  'people_attribute_values.dt': personal('copies of the person’s custom fields'),
  'people_attribute_values.key': not('an attribute definition key'),
  'people_attribute_values.txt': personal('copies of the person’s custom fields'),
  'person_name_words.word': personal('the search vocabulary of name words: a word no name holds goes'),
  'person_tags.tag': personal('labels put on the person: removed from them'),
  'products.category': not('the business’s products'),
  'products.name': not('the business’s products'),
  'products.sku': not('the business’s products'),
  'role_grants.action': not('permissions'),
  'role_grants.level': not('permissions'),
  'role_grants.object_type': not('permissions'),
  'roles.description': not('permissions'),
  'roles.name': not('permissions'),
  'saved_views.definition': not('a list’s filters and columns, saved by a user'),
  'saved_views.name': not('a name a user gave a list'),
  'saved_views.object_type': not('a kind of list'),
  'live_events.data': personal('a screen pop as sent to an agent (kept five minutes): deleted'),
  'live_events.type': not('the kind of event, e.g. screen_pop'),
  'schema_functions.checksum': not('the schema'),
  'schema_functions.name': not('the schema'),
  'schema_migrations.checksum': not('the schema'),
  'schema_migrations.name': not('the schema'),
  'sessions.csrf_token': not('a secret of a user’s session (staff)'),
  'sessions.token_hash': not('a hash of a secret'),
  'tasks.details': personal('free text of a task about the person'),
  'tasks.kind': not('call_back, follow_up or to_do'),
  'tasks.title': personal('free text of a task about the person'),
  'teams.name': not('the business’s teams'),
  'users.department': not('a user’s department (staff)'),
  'users.email': not('a user’s login (staff, not customers)'),
  'users.name': not('a user’s name (staff, not customers)'),
  'users.password_hash': not('a hash of a secret'),
  'workspaces.default_region': not('the business’s region'),
  'workspaces.name': not('the business’s name'),
  'workspaces.slug': not('the business’s short name'),
};

/** What the history below writes about the person, and nothing else does: none may survive. */
const SECRETS = [
  'zephy',
  'quillfeather',
  'larkspur',
  'zq.twin',
  '5550123',
  '555 0123',
  '555-0123',
  '1984-11-23',
  'zq-77',
];

describeEachDatabase('a privacy erasure leaves nothing of the person', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let runner: JobRunner;
  let personId: string;
  let otherId: string;
  const call = async (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    expected = [200, 201],
  ) => {
    const r = await api.app.inject({ method, url, headers: bearer(a.adminToken), payload });
    if (!expected.includes(r.statusCode)) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const upload = async (query: string, csv: string) => {
    const r = await api.app.inject({
      method: 'POST',
      url: `/api/imports?${query}`,
      headers: { ...bearer(a.adminToken), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(r.statusCode).toBe(202);
    await runner.drain();
    return (await call('GET', `/api/imports/${r.json().id}`)) as { state: string };
  };

  /** The person's history: an import that created them, then every kind of touch, a merge into them. */
  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    runner = new JobRunner(api.database.db, allJobHandlers(), { workerId: 'test' });
    await call('POST', '/api/attributes', { objectType: 'people', key: 'nickname', type: 'text' });

    const created = await upload(
      'kind=people',
      'email,firstName,lastName,phone,line1,postcode,birthday\n' +
        'zephyrine.q@example.com,Zephyrine,Quillfeather,(415) 555-0123,7 Larkspur Lane,94110,1984-11-23\n' +
        'mo.other@example.com,Mo,Other,+1 415 555 0199,1 Main St,94110,1970-01-01\n' +
        // Another customer whose name the duplicate scan finds close to hers, at her postcode.
        'zeph.quill@example.com,Zeph,Quill,,2 Main St,94110,\n',
    );
    expect(created.state).toBe('succeeded');
    const refused = await upload(
      'kind=people',
      'email,firstName,lastName,birthday\nzephyrine.q@example.com,Zephyrine,Quillfeather,1850-01-01\n',
    );
    expect(refused.state).toBe('refused');
    const holder = async (email: string) => {
      const { rows } = await sql<{ person_id: string }>`
        select person_id from identities where value = ${email}`.execute(api.database.db);
      return rows[0]?.person_id as string;
    };
    personId = await holder('zephyrine.q@example.com');
    otherId = await holder('mo.other@example.com');

    await call('PATCH', `/api/people/${personId}`, {
      notes: 'Zephyrine likes the window seat',
      language: 'fr',
      attributes: { nickname: 'Zephy' },
    });
    const twin = await call('POST', '/api/people', {
      firstName: 'Zephyrine',
      lastName: 'Quillfeather',
      emails: ['zq.twin@example.com'],
    });
    await call('POST', '/api/notes', { objectType: 'people', objectId: twin.id, body: 'Zephy twin note' });
    await call('POST', '/api/people/merge', { survivorId: personId, mergedId: twin.id, dryRun: false });

    await call('POST', `/api/people/${personId}/consents`, {
      channel: 'email',
      purpose: 'marketing',
      state: 'granted',
      source: 'till',
      proof: 'Signed by Zephyrine Quillfeather at the till',
    });
    const account = await call('POST', '/api/accounts', { name: 'Acme Ltd' });
    await call('POST', `/api/accounts/${account.id}/members`, {
      personId,
      role: 'Quillfeather family office',
    });
    await call('POST', '/api/people/bulk-update', { ids: [personId], addTags: ['quillfeather-circle'] });

    const touch = await call('POST', '/api/interactions', {
      idempotencyKey: 'touch-1',
      channel: 'phone',
      type: 'call',
      occurredAt: '2025-01-10T10:00:00Z',
      subject: 'Quillfeather complaint',
      summary: 'Zephyrine called',
      body: 'About the Larkspur Lane delivery',
      metadata: { nick: 'Zephy-QF' },
      // Her email and Mo's phone: two people, so a merge candidate is recorded.
      identifiers: { email: 'zephyrine.q@example.com', phone: '+1 415 555 0199' },
    });
    // She came in as a lead from the site, was converted, called about the deal, and signed no quote.
    const lead = await call('POST', '/api/leads', {
      firstName: 'Zephyrine',
      lastName: 'Quillfeather',
      email: 'zephyrine.q@example.com',
      jobTitle: 'Quillfeather household',
      message: 'Delivery to Larkspur Lane please',
      source: 'web_form',
    });
    const deal = (await call('POST', `/api/leads/${lead.id}/convert`, { amount: 100, currency: 'USD' }))
      .opportunity as { id: string };
    await call('PATCH', `/api/opportunities/${deal.id}`, {
      name: 'Quillfeather: pilot',
      nextStep: 'Call Zephy',
    });
    await call('POST', `/api/opportunities/${deal.id}/activities`, {
      kind: 'call',
      occurredAt: '2025-01-10T11:00:00Z',
      outcome: 'Zephy wants it by Friday',
      nextStep: 'Send Zephy the quote',
    });
    // She calls in: the agent's screen pop names her (kept for streams that reconnect).
    const agent = 'agent.zq@acme.example.com';
    await api.addUser(a, 'service', agent);
    await call('POST', '/api/telephony/calls', { from: '(415) 555-0123', to: '+1 800 555 0199', agent });
    await call('POST', '/api/notes', {
      objectType: 'interactions',
      objectId: touch.id,
      body: 'Zephy was upset',
    });
    const task = await call('POST', '/api/tasks', {
      title: 'Call Zephyrine back',
      details: 'About Quillfeather order',
      dueAt: '2025-01-11T10:00:00Z',
      personId,
    });
    await call('POST', '/api/notes', {
      objectType: 'tasks',
      objectId: task.id,
      body: 'Zephy prefers mornings',
    });
    await call('PATCH', `/api/tasks/${task.id}`, { title: 'Call Zephyrine back (again)' });

    const product = await call('POST', '/api/products', { sku: 'TEA', name: 'Tea', listPrice: 4.5 });
    const order = await call('POST', '/api/orders', {
      customer: { email: 'zephyrine.q@example.com' },
      orderedAt: '2025-01-09T10:00:00Z',
      channel: 'store',
      externalRef: 'till-zq-77',
      idempotencyKey: 'order-1',
      lines: [{ productId: product.id, quantity: 2 }],
    });
    await call('POST', '/api/notes', { objectType: 'orders', objectId: order.id, body: 'Zephy paid cash' });
    await call('POST', '/api/payments', {
      orderId: order.id,
      amount: 9,
      method: 'cash',
      reference: 'Quillfeather cash',
    });
    await call('POST', `/api/orders/${order.id}/return`, { amount: 1, reason: 'Zephyrine changed her mind' });
    await call('POST', '/api/costs', {
      personId,
      activity: 'service',
      amount: 3,
      occurredAt: '2025-01-09T11:00:00Z',
      note: 'Zephyrine needed help',
    });
    await call('POST', '/api/duplicates/scan', { threshold: 0.3 });
    await call('GET', `/api/people/${personId}/export`);
  });
  afterAll(() => api.close());

  const textColumns = async () => {
    const { rows } = await sql<{ table: string; column: string; type: string }>`
      select c.relname as table, a.attname as column, format_type(a.atttypid, null) as type
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
        and a.attnum > 0 and not a.attisdropped
        and a.atttypid in ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'citext'::regtype,
                           'jsonb'::regtype, 'json'::regtype, 'text[]'::regtype, 'bytea'::regtype, 'date'::regtype)
      order by 1, 2`.execute(api.database.db);
    return rows;
  };

  it('classifies every text, JSON, binary and date column of every table as personal or not, with a reason', async () => {
    const live = (await textColumns()).map((c) => `${c.table}.${c.column}`);
    expect(
      live.filter((c) => !(c in COLUMNS)),
      'columns without a classification',
    ).toEqual([]);
    expect(
      Object.keys(COLUMNS).filter((c) => !live.includes(c)),
      'classified columns that are gone',
    ).toEqual([]);
  });

  it('the history wrote the person into the columns it should test', async () => {
    const found = await columnsHolding(SECRETS);
    const expected = [
      'people.given_name',
      'identities.value',
      'interactions.body',
      'notes.body',
      'tasks.title',
      'audit_log.changes',
      'import_rejects.record',
      'merge_candidates.scan_reasons',
      'person_name_words.word',
      'consent_events.proof',
      'orders.external_ref',
      'payments.reference',
      'order_returns.reason',
      'cost_events.note',
      'account_members.role',
      'person_tags.tag',
      'people_attribute_values.txt',
    ];
    expect(expected.filter((c) => !found.includes(c))).toEqual([]);
  });

  it('erases: no column of any table holds anything of the person afterwards, and the audit log answers none', async () => {
    const erased = await call('POST', `/api/people/${personId}/erase`);
    expect(erased).toMatchObject({ personId });
    expect(await columnsHolding(SECRETS)).toEqual([]);
    const { rows } = await sql<{ birthday: string | null }>`
      select birthday from people where id = ${personId}`.execute(api.database.db);
    expect(rows).toEqual([{ birthday: null }]);
    const audit = JSON.stringify(await call('GET', `/api/audit/people/${personId}`));
    for (const secret of SECRETS) expect(audit.toLowerCase()).not.toContain(secret);
    // The other customer and the business's figures stay.
    expect((await call('GET', `/api/people/${otherId}`)).displayName).toBe('Mo Other');
    const orders = await call('GET', `/api/people/${personId}/orders`);
    expect(orders.items[0]).toMatchObject({ total: 9 });
  });

  it('keeps the audit log append-only for everything but the erasure, which it records', async () => {
    const entries = await call('GET', `/api/audit/people/${personId}`);
    expect(entries.items[0]).toMatchObject({
      action: 'delete',
      changes: { personal_data: { before: 'present', after: 'erased' } },
    });
    expect(entries.items[0].changes.audit_entries_redacted.after).toBeGreaterThan(5);
    const db = api.database.db;
    await expect(
      sql`update audit_log set changes = '{}' where workspace_id = ${a.workspaceId}`.execute(db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from audit_log where workspace_id = ${a.workspaceId}`.execute(db),
    ).rejects.toThrow(/append-only/);
    // Not even with the erasure's switch set: only its own redaction passes.
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`select set_config('rapport.audit_redaction', 'on', true)`.execute(trx);
        await sql`update audit_log set object_id = 'x' where workspace_id = ${a.workspaceId}`.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
  });

  /** The classified columns holding any of `needles` (case-insensitive), anywhere in the database. */
  async function columnsHolding(needles: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const { table, column, type } of await textColumns()) {
      const text =
        type === 'bytea'
          ? sql`lower(encode(${sql.ref(column)}, 'escape'))`
          : sql`lower(${sql.ref(column)}::text)`;
      const { rows } = await sql<{ hit: boolean }>`
        select exists (select 1 from ${sql.table(table)}
          where ${text} like any (${needles.map((n) => `%${n.toLowerCase()}%`)}::text[])) as hit`.execute(
        api.database.db,
      );
      if (rows[0]?.hit) found.push(`${table}.${column}`);
    }
    return found;
  }
});
