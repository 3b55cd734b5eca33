import { sql } from 'kysely';
import { type Identifiers, resolveIdentifiers } from '../../customers/index';
import type { Db } from '../../db/index';
import { type Tx, timeOrderedId, unnestInsert, withTenant } from '../../db/index';
import {
  AppError,
  authorize,
  conflict,
  invalid,
  type Principal,
  recordAudit,
  recordAuditBatch,
  workspaceRegion,
} from '../../platform/index';
import { advanceLifecycle } from '../../customers/index';
import { missingReference, ownerOf, ownership, readableBy } from '../pipeline/access';
import { deals, type LeadStatus } from '../pipeline/tables';
import type { LeadCreate, LeadPage, LeadQuery, LeadUpdate, LeadView } from './schema';

/** A lead as captured, its text trimmed (empty is null) and its owner settled. */
export interface LeadDraft {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  website: string | null;
  message: string | null;
  campaign: string | null;
  source: string;
  ownerId: string | null;
  teamId: string | null;
  formId: string | null;
  idempotencyKey: string | null;
}

export type CaptureOutcome =
  | { ok: true; id: string; personId: string | null; duplicate: boolean }
  | { ok: false; field: string; reason: string };

const TEXT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'jobTitle',
  'website',
  'message',
  'campaign',
] as const;

/** The text fields of an input, trimmed, empty as null. */
export function leadText(input: Partial<Record<(typeof TEXT_FIELDS)[number], string | null | undefined>>) {
  const out = {} as Record<(typeof TEXT_FIELDS)[number], string | null>;
  for (const key of TEXT_FIELDS) out[key] = input[key]?.trim() || null;
  return out;
}

const LEAD_COLUMNS = [
  ['workspace_id', 'uuid'],
  ['id', 'uuid'],
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['email', 'text'],
  ['phone', 'text'],
  ['company', 'text'],
  ['job_title', 'text'],
  ['website', 'text'],
  ['message', 'text'],
  ['source', 'text'],
  ['campaign', 'text'],
  ['owner_id', 'uuid'],
  ['team_id', 'uuid'],
  ['person_id', 'uuid'],
  ['form_id', 'uuid'],
  ['idempotency_key', 'text'],
] as const;

/**
 * Captures leads inside the caller's tenant transaction, in input order, with a fixed number of
 * statements whatever their number: one look-up of idempotency keys used before (those answer the first
 * lead, `duplicate`), one identity resolution for every lead with an email or phone (so a lead from a
 * known email lands on that person; an unknown one makes the person, at the awareness stage), one
 * insert, one audit statement. A lead that says nothing (no name, email, phone or company) or whose
 * email or phone is malformed is refused on its own, naming the field.
 */
export async function captureLeads(
  trx: Tx,
  actor: Principal,
  drafts: readonly LeadDraft[],
): Promise<CaptureOutcome[]> {
  const ws = actor.workspaceId;
  const outcomes: (CaptureOutcome | undefined)[] = drafts.map((d) =>
    d.firstName || d.lastName || d.email || d.phone || d.company
      ? undefined
      : { ok: false, field: 'email', reason: 'a lead needs a name, an email, a phone or a company' },
  );
  const keys = drafts.flatMap((d, i) => (d.idempotencyKey && !outcomes[i] ? [d.idempotencyKey] : []));
  if (keys.length > 0) {
    const { rows } = await sql<{ id: string; idempotency_key: string; person_id: string | null }>`
      select id, idempotency_key, person_id from leads
      where workspace_id = ${ws} and idempotency_key = any(${keys}::text[])`.execute(trx);
    const known = new Map(rows.map((r) => [r.idempotency_key, r]));
    drafts.forEach((d, i) => {
      const row = d.idempotencyKey ? known.get(d.idempotencyKey) : undefined;
      if (row && !outcomes[i])
        outcomes[i] = { ok: true, id: row.id, personId: row.person_id, duplicate: true };
    });
  }

  const toResolve = drafts.flatMap((d, i) => (!outcomes[i] && (d.email || d.phone) ? [i] : []));
  const personOf = new Map<number, string>();
  if (toResolve.length > 0) {
    const region = await workspaceRegion(trx, ws);
    const items: Identifiers[] = toResolve.map((i) => {
      const d = drafts[i] as LeadDraft;
      return {
        ...(d.email && { email: d.email }),
        ...(d.phone && { phone: d.phone }),
        name: nameOf(d) ?? undefined,
      };
    });
    const resolved = await resolveIdentifiers(trx, actor, region, items, {
      fieldPrefix: 'lead',
      source: 'lead capture',
      newPerson: (indexes, name) => {
        const d = drafts[toResolve[indexes[0] ?? 0] ?? 0] as LeadDraft;
        return { display_name: name, given_name: d.firstName, family_name: d.lastName };
      },
    });
    resolved.forEach((outcome, n) => {
      const i = toResolve[n] as number;
      if (outcome.ok) personOf.set(i, outcome.resolution.personId);
      else outcomes[i] = { ok: false, field: outcome.field.replace(/^lead\./, ''), reason: outcome.reason };
    });
  }

  const now = Date.now();
  const fresh = drafts.flatMap((d, i) => (outcomes[i] ? [] : [{ i, d, id: timeOrderedId(now) }]));
  if (fresh.length > 0) {
    const { rows } = await sql<{ id: string }>`${unnestInsert(
      'leads',
      LEAD_COLUMNS,
      fresh.map(({ i, d, id }) => [
        ws,
        id,
        d.firstName,
        d.lastName,
        d.email,
        d.phone,
        d.company,
        d.jobTitle,
        d.website,
        d.message,
        d.source,
        d.campaign,
        d.ownerId,
        d.teamId,
        personOf.get(i) ?? null,
        d.formId,
        d.idempotencyKey,
      ]),
    )} on conflict (workspace_id, idempotency_key) do nothing returning id`.execute(trx);
    const inserted = new Set(rows.map((r) => r.id));
    const raced = fresh.filter((f) => !inserted.has(f.id));
    if (raced.length > 0) {
      // A retry with the same key committed meanwhile: its lead is the answer.
      const { rows: firsts } = await sql<{ id: string; idempotency_key: string; person_id: string | null }>`
        select id, idempotency_key, person_id from leads
        where workspace_id = ${ws} and idempotency_key = any(${raced.map((r) => r.d.idempotencyKey)}::text[])`.execute(
        trx,
      );
      for (const r of raced) {
        const first = firsts.find((f) => f.idempotency_key === r.d.idempotencyKey);
        outcomes[r.i] = first
          ? { ok: true, id: first.id, personId: first.person_id, duplicate: true }
          : { ok: false, field: 'idempotencyKey', reason: 'could not be recorded; send it again' };
      }
    }
    const created = fresh.filter((f) => inserted.has(f.id));
    for (const f of created)
      outcomes[f.i] = { ok: true, id: f.id, personId: personOf.get(f.i) ?? null, duplicate: false };
    await recordAuditBatch(
      trx,
      actor,
      created.map((f) => ({
        action: 'create',
        objectType: 'leads',
        objectId: f.id,
        after: { source: f.d.source, form_id: f.d.formId, person_id: personOf.get(f.i) ?? null },
      })),
    );
  }
  return outcomes as CaptureOutcome[];
}

export function nameOf(d: { firstName: string | null; lastName: string | null }): string | null {
  return [d.firstName, d.lastName].filter(Boolean).join(' ') || null;
}

/** POST /api/leads: one lead, captured with identity resolution; 200 with the first lead for a used key. */
export async function createLead(
  db: Db,
  actor: Principal,
  input: LeadCreate,
): Promise<{ created: boolean; lead: LeadView }> {
  authorize(actor, 'leads', 'create');
  const owner = await ownerOf(db, actor, input.ownerId);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const [outcome] = await captureLeads(trx, actor, [
      {
        ...leadText(input),
        source: input.source?.trim() || 'manual',
        ...owner,
        formId: null,
        idempotencyKey: input.idempotencyKey ?? null,
      },
    ]);
    if (!outcome) throw new AppError('internal', 'lead capture returned no outcome');
    if (!outcome.ok) throw invalid(outcome.field, `${outcome.field}: ${outcome.reason}`);
    return { created: !outcome.duplicate, lead: await loadLead(trx, actor.workspaceId, outcome.id) };
  });
}

type LeadRow = {
  id: string;
  status: LeadStatus;
  disqualify_reason: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  job_title: string | null;
  website: string | null;
  message: string | null;
  source: string;
  campaign: string | null;
  owner_id: string | null;
  team_id: string | null;
  person_id: string | null;
  account_id: string | null;
  opportunity_id: string | null;
  form_id: string | null;
  converted_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const LEAD_SELECT = sql`l.id, l.status, l.disqualify_reason, l.first_name, l.last_name, l.email, l.phone, l.company,
  l.job_title, l.website, l.message, l.source, l.campaign, l.owner_id, l.team_id, l.person_id, l.account_id,
  l.opportunity_id, l.form_id, l.converted_at, l.created_at, l.updated_at`;

export async function loadLeadRow(trx: Tx, ws: string, id: string, lock = false): Promise<LeadRow> {
  const { rows } = await sql<LeadRow>`
    select ${LEAD_SELECT} from leads l where l.workspace_id = ${ws} and l.id = ${id}
    ${lock ? sql`for update` : sql``}`.execute(trx);
  const row = rows[0];
  if (!row) throw new AppError('not_found', 'Lead not found');
  return row;
}

export async function loadLead(trx: Tx, ws: string, id: string): Promise<LeadView> {
  return toLeadView(await loadLeadRow(trx, ws, id));
}

export function toLeadView(r: LeadRow): LeadView {
  return {
    id: r.id,
    status: r.status,
    disqualifyReason: r.disqualify_reason,
    name:
      nameOf({ firstName: r.first_name, lastName: r.last_name }) ??
      r.company ??
      r.email ??
      r.phone ??
      'Unnamed lead',
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    company: r.company,
    jobTitle: r.job_title,
    website: r.website,
    message: r.message,
    source: r.source,
    campaign: r.campaign,
    ownerId: r.owner_id,
    teamId: r.team_id,
    personId: r.person_id,
    accountId: r.account_id,
    opportunityId: r.opportunity_id,
    formId: r.form_id,
    convertedAt: r.converted_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function getLead(db: Db, actor: Principal, id: string): Promise<LeadView> {
  authorize(actor, 'leads', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const row = await loadLeadRow(trx, actor.workspaceId, id);
    authorize(actor, 'leads', 'read', ownership(row));
    return toLeadView(row);
  });
}

/** Leads newest first, a page at a time; filter by status, owner, source, converted, or a name prefix. */
export async function listLeads(db: Db, actor: Principal, query: LeadQuery): Promise<LeadPage> {
  authorize(actor, 'leads', 'read');
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const prefix = query.q ? `${query.q.trim().replace(/[\\%_]/g, '\\$&')}%` : null;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const { rows } = await sql<LeadRow & { cursor_at: string }>`
      select ${LEAD_SELECT}, to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
      from leads l
      where l.workspace_id = ${actor.workspaceId} and ${readableBy(actor, 'leads', 'l')}
        ${query.status ? sql`and l.status = ${query.status}` : sql``}
        ${query.ownerId ? sql`and l.owner_id = ${query.ownerId}` : sql``}
        ${query.source ? sql`and l.source = ${query.source}` : sql``}
        ${query.converted === undefined ? sql`` : query.converted ? sql`and l.converted_at is not null` : sql`and l.converted_at is null`}
        ${
          prefix
            ? sql`and (l.first_name ilike ${prefix} or l.last_name ilike ${prefix} or l.email ilike ${prefix}
                or l.company ilike ${prefix} or (coalesce(l.first_name, '') || ' ' || coalesce(l.last_name, '')) ilike ${prefix})`
            : sql``
        }
        ${after ? sql`and (l.created_at, l.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      order by l.created_at desc, l.id desc
      limit ${limit + 1}`.execute(trx);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toLeadView),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(`${last.cursor_at}|${last.id}`).toString('base64url')
          : null,
    };
  });
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || !at || Number.isNaN(Date.parse(at)))
    throw invalid('cursor', 'is not a cursor of this list');
  return { at, id };
}

/**
 * Changes a lead. Status moves: working moves its person to consideration; disqualified needs a reason;
 * a converted lead stays qualified. A new email or phone is resolved again (the lead's person follows).
 */
export async function updateLead(db: Db, actor: Principal, id: string, input: LeadUpdate): Promise<LeadView> {
  authorize(actor, 'leads', 'update');
  const owner = input.ownerId === undefined ? undefined : await ownerOf(db, actor, input.ownerId);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const before = await loadLeadRow(trx, ws, id, true);
    authorize(actor, 'leads', 'update', ownership(before));
    const status = input.status ?? before.status;
    if (before.converted_at && status !== 'qualified')
      throw conflict('The lead is converted: it stays qualified', 'status');
    if (status === 'disqualified' && !input.disqualifyReason?.trim() && before.status !== 'disqualified')
      throw invalid('disqualifyReason', 'is required to disqualify a lead');
    if (input.disqualifyReason !== undefined && status !== 'disqualified')
      throw invalid('disqualifyReason', 'goes with status disqualified');
    const given = Object.fromEntries(
      Object.entries(leadText(input)).filter(
        ([key]) => (input as Record<string, unknown>)[key] !== undefined,
      ),
    );
    const merged = { ...leadText(fromRow(before)), ...given };
    if (!merged.firstName && !merged.lastName && !merged.email && !merged.phone && !merged.company)
      throw invalid('email', 'a lead needs a name, an email, a phone or a company');
    let personId = before.person_id;
    const identifiersChanged = merged.email !== before.email || merged.phone !== before.phone;
    if (identifiersChanged && !before.converted_at && (merged.email || merged.phone)) {
      const [outcome] = await resolveIdentifiers(
        trx,
        actor,
        await workspaceRegion(trx, ws),
        [
          {
            ...(merged.email && { email: merged.email }),
            ...(merged.phone && { phone: merged.phone }),
            name: nameOf(merged) ?? undefined,
          },
        ],
        { fieldPrefix: 'lead', source: 'lead capture' },
      );
      if (!outcome?.ok)
        throw invalid(outcome?.field.replace(/^lead\./, '') ?? 'email', outcome?.reason ?? 'is invalid');
      personId = outcome.resolution.personId;
    }
    await deals(trx)
      .updateTable('leads')
      .set({
        first_name: merged.firstName,
        last_name: merged.lastName,
        email: merged.email,
        phone: merged.phone,
        company: merged.company,
        job_title: merged.jobTitle,
        website: merged.website,
        message: merged.message,
        campaign: merged.campaign,
        ...(input.source !== undefined && { source: input.source.trim() || before.source }),
        ...(owner !== undefined && { owner_id: owner.ownerId, team_id: owner.teamId }),
        status,
        disqualify_reason:
          status === 'disqualified' ? (input.disqualifyReason?.trim() ?? before.disqualify_reason) : null,
        person_id: personId,
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    if (personId && status !== before.status && (status === 'working' || status === 'qualified'))
      await advanceLifecycle(trx, actor, [
        { personId, stage: status === 'working' ? 'consideration' : 'pre_sales' },
      ]);
    const after = await loadLeadRow(trx, ws, id);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'leads',
      objectId: id,
      before: auditable(before),
      after: auditable(after),
    });
    return toLeadView(after);
  }).catch((err: unknown) => {
    throw missingReference(err, { owner_id: 'ownerId' });
  });
}

function fromRow(r: LeadRow) {
  return {
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    company: r.company,
    jobTitle: r.job_title,
    website: r.website,
    message: r.message,
    campaign: r.campaign,
  };
}

function auditable(r: LeadRow): Record<string, unknown> {
  const { id: _id, created_at: _c, updated_at: _u, ...fields } = r;
  return fields;
}
