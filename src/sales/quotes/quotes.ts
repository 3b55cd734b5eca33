import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { advanceLifecycle } from '../../customers/index';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import {
  AppError,
  authorize,
  conflict,
  invalid,
  notFound,
  type Principal,
  recordAudit,
} from '../../platform/index';
import { fromCents, toCents } from '../money';
import { ownership } from '../pipeline/access';
import { loadOpportunityLines, priceLines, type PricedLine, toLineView, totalsOf } from '../pipeline/lines';
import { loadOpportunityRow } from '../pipeline/opportunity-view';
import { actorId, checkDay, dayAfter } from '../pipeline/opportunities';
import { deals, type QuoteStatus } from '../pipeline/tables';
import type { QuoteDraft, QuoteLink, QuoteSummary, QuoteView, RevisionView } from './schema';

export const DEFAULT_VALID_DAYS = 30;
export const DEFAULT_LINK_DAYS = 30;

export const referenceOf = (number: number) => `Q-${String(number).padStart(6, '0')}`;
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const today = () => new Date().toISOString().slice(0, 10);

export type QuoteRow = {
  id: string;
  opportunity_id: string;
  number: number;
  status: QuoteStatus;
  revision: number;
  sent_at: Date | null;
  link_expires_at: Date | null;
  accepted_at: Date | null;
  accepted_revision: number | null;
  accepted_name: string | null;
  declined_at: Date | null;
  decline_reason: string | null;
  order_id: string | null;
  created_at: Date;
  updated_at: Date;
};

export async function loadQuoteRow(trx: Tx, ws: string, id: string, lock = false): Promise<QuoteRow> {
  const { rows } = await sql<QuoteRow>`
    select id, opportunity_id, number, status, revision, sent_at, link_expires_at, accepted_at, accepted_revision,
      accepted_name, declined_at, decline_reason, order_id, created_at, updated_at
    from quotes where workspace_id = ${ws} and id = ${id} ${lock ? sql`for update` : sql``}`.execute(trx);
  const row = rows[0];
  if (!row) throw notFound('Quote');
  return row;
}

export interface Revision {
  revision: number;
  validUntil: string;
  terms: string | null;
  currency: string;
  lines: PricedLine[];
  createdAt: Date;
  createdBy: string | null;
}

export async function loadRevision(
  trx: Tx,
  ws: string,
  quoteId: string,
  revision: number,
): Promise<Revision> {
  const head = await deals(trx)
    .selectFrom('quote_revisions')
    .select(['revision', 'valid_until', 'terms', 'currency', 'created_at', 'created_by'])
    .where('workspace_id', '=', ws)
    .where('quote_id', '=', quoteId)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (!head) throw new AppError('not_found', `The quote has no revision ${revision}`, 'revision');
  const lines = await deals(trx)
    .selectFrom('quote_lines')
    .select(['product_id', 'sku', 'name', 'quantity', 'unit_price', 'discount'])
    .where('workspace_id', '=', ws)
    .where('quote_id', '=', quoteId)
    .where('revision', '=', revision)
    .orderBy('line_no')
    .execute();
  return {
    revision: head.revision,
    validUntil: head.valid_until,
    terms: head.terms,
    currency: head.currency,
    createdAt: head.created_at,
    createdBy: head.created_by,
    lines: lines.map((l) => ({
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPrice: toCents(l.unit_price),
      discount: toCents(l.discount),
    })),
  };
}

export function toRevisionView(r: Revision): RevisionView {
  const totals = totalsOf(r.lines);
  return {
    revision: r.revision,
    validUntil: r.validUntil,
    terms: r.terms,
    currency: r.currency,
    subtotal: fromCents(totals.subtotal),
    discountTotal: fromCents(totals.discount),
    total: fromCents(totals.total),
    lines: r.lines.map(toLineView),
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
}

export async function loadQuoteView(trx: Tx, ws: string, id: string, revision?: number): Promise<QuoteView> {
  const row = await loadQuoteRow(trx, ws, id);
  const shown = await loadRevision(trx, ws, id, revision ?? row.revision);
  const revisions = await deals(trx)
    .selectFrom('quote_revisions')
    .select(['revision', 'valid_until', 'currency', 'total', 'created_at'])
    .where('workspace_id', '=', ws)
    .where('quote_id', '=', id)
    .orderBy('revision', 'desc')
    .execute();
  return {
    id: row.id,
    number: row.number,
    reference: referenceOf(row.number),
    opportunityId: row.opportunity_id,
    status: row.status,
    revision: row.revision,
    sentAt: iso(row.sent_at),
    linkExpiresAt: iso(row.link_expires_at),
    acceptedAt: iso(row.accepted_at),
    acceptedRevision: row.accepted_revision,
    acceptedName: row.accepted_name,
    declinedAt: iso(row.declined_at),
    declineReason: row.decline_reason,
    orderId: row.order_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    shown: toRevisionView(shown),
    revisions: revisions.map((r) => ({
      revision: r.revision,
      validUntil: r.valid_until,
      currency: r.currency,
      total: r.total,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * A quote for an open opportunity, revision 1: its lines (given, or the opportunity's), validity and
 * terms. The opportunity needs its contact person (the order will be theirs) and lines to quote; lines
 * are in its currency (another is a 400 naming the line). Numbered Q-000001 on per workspace.
 */
export async function createQuote(
  db: Db,
  actor: Principal,
  opportunityId: string,
  input: QuoteDraft,
): Promise<QuoteView> {
  authorize(actor, 'quotes', 'create');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const opportunity = await loadOpportunityRow(trx, ws, opportunityId, true);
    authorize(actor, 'opportunities', 'read', ownership(opportunity));
    if (opportunity.status !== 'open') throw conflict(`The opportunity is ${opportunity.status}`, 'status');
    if (!opportunity.person_id)
      throw invalid(
        'personId',
        'the opportunity needs its contact person: the order of an accepted quote is theirs',
      );
    const lines = input.lines
      ? await priceLines(trx, ws, input.lines, opportunity.currency)
      : await loadOpportunityLines(trx, ws, opportunityId);
    if (lines.length === 0) throw invalid('lines', 'the opportunity has no lines: add products to quote');
    const validUntil = checkValidUntil(input.validUntil ?? dayAfter(new Date(), DEFAULT_VALID_DAYS));
    await sql`select pg_advisory_xact_lock(hashtext('rapport.quote_number'), hashtext(${ws}))`.execute(trx);
    const { rows } = await sql<{ n: number }>`
      select coalesce(max(number), 0) + 1 as n from quotes where workspace_id = ${ws}`.execute(trx);
    const number = Number(rows[0]?.n ?? 1);
    const quote = await deals(trx)
      .insertInto('quotes')
      .values({
        workspace_id: ws,
        opportunity_id: opportunityId,
        number,
        created_by: actorId(actor),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertRevision(trx, actor, quote.id, 1, {
      validUntil,
      terms: input.terms ?? null,
      currency: opportunity.currency,
      lines,
    });
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'quotes',
      objectId: quote.id,
      after: { opportunity_id: opportunityId, number, total: fromCents(totalsOf(lines).total) },
    });
    return loadQuoteView(trx, ws, quote.id);
  });
}

async function insertRevision(
  trx: Tx,
  actor: Principal,
  quoteId: string,
  revision: number,
  r: { validUntil: string; terms: string | null; currency: string; lines: readonly PricedLine[] },
): Promise<void> {
  const ws = actor.workspaceId;
  const totals = totalsOf(r.lines);
  await deals(trx)
    .insertInto('quote_revisions')
    .values({
      workspace_id: ws,
      quote_id: quoteId,
      revision,
      valid_until: r.validUntil,
      terms: r.terms?.trim() || null,
      currency: r.currency,
      subtotal: fromCents(totals.subtotal),
      discount_total: fromCents(totals.discount),
      total: fromCents(totals.total),
      created_by: actorId(actor),
    })
    .execute();
  await deals(trx)
    .insertInto('quote_lines')
    .values(
      r.lines.map((l, i) => ({
        workspace_id: ws,
        quote_id: quoteId,
        revision,
        line_no: i + 1,
        product_id: l.productId,
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unit_price: fromCents(l.unitPrice),
        discount: fromCents(l.discount),
      })),
    )
    .execute();
}

function checkValidUntil(day: string): string {
  checkDay(day, 'validUntil');
  if (day < today()) throw invalid('validUntil', 'is in the past');
  return day;
}

/** Locks a quote the actor may change (with its opportunity's ownership), and checks it is still open to change. */
async function lockChangeable(trx: Tx, actor: Principal, quoteId: string) {
  const ws = actor.workspaceId;
  const quote = await loadQuoteRow(trx, ws, quoteId, true);
  const opportunity = await loadOpportunityRow(trx, ws, quote.opportunity_id);
  authorize(actor, 'quotes', 'update', ownership(opportunity));
  if (quote.status === 'accepted' || quote.status === 'declined')
    throw conflict(`The quote was ${quote.status}: make a new quote`, 'status');
  return { quote, opportunity };
}

/**
 * A new revision of a draft or sent quote: the lines given, or the opportunity's lines now; validity
 * and terms as given, or as the last revision had them. Every revision is kept; the link (if any)
 * shows the newest, and an acceptance must name the revision it saw.
 */
export async function reviseQuote(
  db: Db,
  actor: Principal,
  quoteId: string,
  input: QuoteDraft,
): Promise<QuoteView> {
  authorize(actor, 'quotes', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const { quote, opportunity } = await lockChangeable(trx, actor, quoteId);
    const last = await loadRevision(trx, ws, quoteId, quote.revision);
    const lines = input.lines
      ? await priceLines(trx, ws, input.lines, last.currency)
      : await loadOpportunityLines(trx, ws, opportunity.id);
    if (lines.length === 0) throw invalid('lines', 'the opportunity has no lines: add products to quote');
    if (opportunity.currency !== last.currency && !input.lines)
      throw invalid('lines', `the opportunity is now in ${opportunity.currency}: make a new quote`);
    const validUntil = checkValidUntil(
      input.validUntil ??
        (last.validUntil >= today() ? last.validUntil : dayAfter(new Date(), DEFAULT_VALID_DAYS)),
    );
    const revision = quote.revision + 1;
    await insertRevision(trx, actor, quoteId, revision, {
      validUntil,
      terms: input.terms === undefined ? last.terms : input.terms,
      currency: last.currency,
      lines,
    });
    await sql`update quotes set revision = ${revision}, updated_at = now() where workspace_id = ${ws} and id = ${quoteId}`.execute(
      trx,
    );
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'quotes',
      objectId: quoteId,
      before: { revision: quote.revision },
      after: { revision, total: fromCents(totalsOf(lines).total) },
    });
    return loadQuoteView(trx, ws, quoteId);
  });
}

/**
 * Marks a quote sent: a proposal given. A quote counts as sent once marked so or once its acceptance
 * link is made, whichever comes first (`sentAt`); its person moves to the evaluation stage.
 */
export async function markQuoteSent(db: Db, actor: Principal, quoteId: string): Promise<QuoteView> {
  authorize(actor, 'quotes', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const { quote, opportunity } = await lockChangeable(trx, actor, quoteId);
    await markSent(trx, actor, quote, opportunity.person_id);
    return loadQuoteView(trx, actor.workspaceId, quoteId);
  });
}

async function markSent(trx: Tx, actor: Principal, quote: QuoteRow, personId: string | null): Promise<void> {
  if (quote.sent_at) return;
  const ws = actor.workspaceId;
  await sql`
    update quotes set status = 'sent', sent_at = now(), updated_at = now()
    where workspace_id = ${ws} and id = ${quote.id}`.execute(trx);
  if (personId) await advanceLifecycle(trx, actor, [{ personId, stage: 'evaluation' }]);
  await recordAudit(trx, actor, {
    action: 'update',
    objectType: 'quotes',
    objectId: quote.id,
    before: { status: quote.status, sent_at: null },
    after: { status: 'sent', sent_at: new Date().toISOString() },
  });
}

/**
 * Makes the quote's public acceptance link: a new random token (32 bytes; only its SHA-256 is kept, so
 * it is shown once and a new link ends the old one), valid `expiresInDays` (default 30). Sharing the
 * link sends the quote (see markQuoteSent).
 */
export async function createQuoteLink(
  db: Db,
  actor: Principal,
  quoteId: string,
  input: { expiresInDays?: number },
): Promise<QuoteLink> {
  authorize(actor, 'quotes', 'update');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (input.expiresInDays ?? DEFAULT_LINK_DAYS) * 86_400_000);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const { quote, opportunity } = await lockChangeable(trx, actor, quoteId);
    await sql`
      update quotes set link_token_hash = ${tokenHash(token)}, link_expires_at = ${expiresAt}, updated_at = now()
      where workspace_id = ${ws} and id = ${quoteId}`.execute(trx);
    await markSent(trx, actor, quote, opportunity.person_id);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'quotes',
      objectId: quoteId,
      after: { link_expires_at: expiresAt.toISOString() },
    });
    return {
      token,
      path: `/quote/${token}`,
      expiresAt: expiresAt.toISOString(),
      quote: await loadQuoteView(trx, ws, quoteId),
    };
  });
}

export async function getQuote(
  db: Db,
  actor: Principal,
  quoteId: string,
  revision?: number,
): Promise<QuoteView> {
  authorize(actor, 'quotes', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const quote = await loadQuoteRow(trx, actor.workspaceId, quoteId);
    const opportunity = await loadOpportunityRow(trx, actor.workspaceId, quote.opportunity_id);
    authorize(actor, 'quotes', 'read', ownership(opportunity));
    return loadQuoteView(trx, actor.workspaceId, quoteId, revision);
  });
}

/** An opportunity's quotes, newest first, each with its latest revision's validity and total. */
export async function listQuotes(
  db: Db,
  actor: Principal,
  opportunityId: string,
): Promise<{ items: QuoteSummary[] }> {
  authorize(actor, 'quotes', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const opportunity = await loadOpportunityRow(trx, ws, opportunityId);
    authorize(actor, 'quotes', 'read', ownership(opportunity));
    const { rows } = await sql<{
      id: string;
      number: number;
      status: QuoteStatus;
      revision: number;
      valid_until: string;
      currency: string;
      total: number;
      sent_at: Date | null;
      created_at: Date;
    }>`
      select q.id, q.number, q.status, q.revision, r.valid_until, r.currency, r.total, q.sent_at, q.created_at
      from quotes q
      join quote_revisions r on r.workspace_id = q.workspace_id and r.quote_id = q.id and r.revision = q.revision
      where q.workspace_id = ${ws} and q.opportunity_id = ${opportunityId}
      order by q.number desc`.execute(trx);
    return {
      items: rows.map((r) => ({
        id: r.id,
        reference: referenceOf(r.number),
        status: r.status,
        revision: r.revision,
        validUntil: r.valid_until,
        currency: r.currency,
        total: r.total,
        sentAt: iso(r.sent_at),
        createdAt: r.created_at.toISOString(),
      })),
    };
  });
}
