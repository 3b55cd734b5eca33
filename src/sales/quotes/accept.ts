import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withSystem, withTenant } from '../../db/index';
import {
  AppError,
  authorize,
  conflict,
  type Principal,
  recordAudit,
  SYSTEM_PRINCIPAL,
} from '../../platform/index';
import { fromCents } from '../money';
import { ingestOrdersInTransaction } from '../order-ingest';
import { ownership } from '../pipeline/access';
import { loadOpportunityRow } from '../pipeline/opportunity-view';
import { markClosed } from '../pipeline/opportunities';
import { loadQuoteRow, loadRevision, referenceOf, tokenHash } from './quotes';
import type { AcceptInput, DeclineInput } from './schema';

/** A quote found by its public link. */
export interface LinkedQuote {
  workspaceId: string;
  quoteId: string;
  linkExpiresAt: Date;
}

/**
 * The quote a public link points at, in any workspace (the token is all the link knows: looked up by
 * its SHA-256). A 404 naming `token` for an unknown link, and for one past its expiry.
 */
export async function findQuoteByToken(db: Db, token: string): Promise<LinkedQuote> {
  const { rows } = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await withSystem(db, (trx) =>
        sql<{ workspace_id: string; id: string; link_expires_at: Date }>`
          select workspace_id, id, link_expires_at from quotes where link_token_hash = ${tokenHash(token)}`.execute(
          trx,
        ),
      )
    : { rows: [] };
  const row = rows[0];
  if (!row) throw new AppError('not_found', 'No such quote link: ask for a new one', 'token');
  if (row.link_expires_at.getTime() < Date.now())
    throw new AppError('not_found', 'This quote link has expired: ask for a new one', 'token');
  return { workspaceId: row.workspace_id, quoteId: row.id, linkExpiresAt: row.link_expires_at };
}

/**
 * Accepts a quote: its latest revision (the one the customer saw: another is a 409 naming `revision`)
 * while valid (a 409 naming `validUntil` after its day) and neither declined nor superseded by the
 * opportunity closing (409 naming `status`). In one transaction, with the quote locked: the order is
 * created with the revision's lines (sales' own order creation, idempotency key `quote:<id>`), the
 * opportunity is won with those lines and that order, and its person becomes a customer. Accepting an
 * accepted quote again (a second click, a second tab) changes nothing and creates no second order.
 */
export async function acceptInTransaction(
  trx: Tx,
  actor: Principal,
  quoteId: string,
  input: AcceptInput,
  channel: 'web' | 'other',
): Promise<{ orderId: string; created: boolean }> {
  const ws = actor.workspaceId;
  const quote = await loadQuoteRow(trx, ws, quoteId, true);
  if (quote.status === 'accepted' && quote.order_id) return { orderId: quote.order_id, created: false };
  if (quote.status === 'accepted') throw conflict('The quote was accepted already', 'status');
  if (quote.status === 'declined') throw conflict('The quote was declined: ask for a new one', 'status');
  if (input.revision !== quote.revision)
    throw conflict(`The quote was revised: revision ${quote.revision} is the one to accept`, 'revision');
  const revision = await loadRevision(trx, ws, quoteId, quote.revision);
  if (revision.validUntil < new Date().toISOString().slice(0, 10))
    throw conflict(`The quote was valid until ${revision.validUntil}: ask for a new one`, 'validUntil');
  const opportunity = await loadOpportunityRow(trx, ws, quote.opportunity_id, true);
  if (opportunity.status !== 'open')
    throw conflict(`The opportunity of this quote is ${opportunity.status}: ask for a new quote`, 'status');
  if (!opportunity.person_id) throw conflict('The opportunity has no contact person for the order', 'status');
  const [result] = await ingestOrdersInTransaction(
    trx,
    actor,
    [
      {
        personId: opportunity.person_id,
        orderedAt: new Date().toISOString(),
        channel,
        currency: revision.currency,
        externalRef: referenceOf(quote.number),
        idempotencyKey: `quote:${quoteId}`,
        lines: revision.lines.map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          unitPrice: fromCents(l.unitPrice),
          discount: fromCents(l.discount),
        })),
      },
    ],
    { requireKeys: false },
  );
  if (!result || result.status === 'rejected')
    throw new AppError(
      result?.code ?? 'internal',
      `The order could not be made: ${result?.status === 'rejected' ? `${result.field}: ${result.reason}` : 'no result'}`,
      result?.status === 'rejected' ? result.field : undefined,
    );
  const name = input.name.trim();
  await sql`
    update quotes set status = 'accepted', accepted_at = now(), accepted_revision = ${quote.revision},
      accepted_name = ${name}, order_id = ${result.id}, sent_at = coalesce(sent_at, now()), updated_at = now()
    where workspace_id = ${ws} and id = ${quoteId}`.execute(trx);
  await markClosed(trx, actor, opportunity, 'won', {
    reasonId: null,
    note: `Quote ${referenceOf(quote.number)} revision ${quote.revision} accepted by ${name}`,
    orderId: result.id,
    lines: revision.lines,
  });
  await recordAudit(trx, actor, {
    action: 'update',
    objectType: 'quotes',
    objectId: quoteId,
    before: { status: quote.status },
    after: {
      status: 'accepted',
      accepted_revision: quote.revision,
      accepted_name: name,
      order_id: result.id,
    },
  });
  return { orderId: result.id, created: result.status === 'created' };
}

/** Declines a quote that is not accepted (a declined one stays so); the opportunity stays open. */
export async function declineInTransaction(
  trx: Tx,
  actor: Principal,
  quoteId: string,
  input: DeclineInput,
): Promise<void> {
  const ws = actor.workspaceId;
  const quote = await loadQuoteRow(trx, ws, quoteId, true);
  if (quote.status === 'declined') return;
  if (quote.status === 'accepted') throw conflict('The quote was accepted', 'status');
  await sql`
    update quotes set status = 'declined', declined_at = now(), decline_reason = ${input.reason?.trim() || null},
      sent_at = coalesce(sent_at, now()), updated_at = now()
    where workspace_id = ${ws} and id = ${quoteId}`.execute(trx);
  await recordAudit(trx, actor, {
    action: 'update',
    objectType: 'quotes',
    objectId: quoteId,
    before: { status: quote.status },
    after: { status: 'declined', decline_reason: input.reason ?? null },
  });
}

/** The customer accepts through the public link (the system acts: the order's channel is web). */
export async function acceptQuoteByToken(db: Db, token: string, input: AcceptInput): Promise<LinkedQuote> {
  const linked = await findQuoteByToken(db, token);
  await withTenant(db, linked.workspaceId, (trx) =>
    acceptInTransaction(trx, SYSTEM_PRINCIPAL(linked.workspaceId), linked.quoteId, input, 'web'),
  );
  return linked;
}

export async function declineQuoteByToken(db: Db, token: string, input: DeclineInput): Promise<LinkedQuote> {
  const linked = await findQuoteByToken(db, token);
  await withTenant(db, linked.workspaceId, (trx) =>
    declineInTransaction(trx, SYSTEM_PRINCIPAL(linked.workspaceId), linked.quoteId, input),
  );
  return linked;
}

/** A rep records an acceptance given another way (signed on paper): the same rules as the link. */
export async function acceptQuote(
  db: Db,
  actor: Principal,
  quoteId: string,
  input: AcceptInput,
): Promise<void> {
  authorize(actor, 'quotes', 'update');
  authorize(actor, 'opportunities', 'update');
  await withTenant(db, actor.workspaceId, async (trx) => {
    const quote = await loadQuoteRow(trx, actor.workspaceId, quoteId);
    authorize(
      actor,
      'quotes',
      'update',
      ownership(await loadOpportunityRow(trx, actor.workspaceId, quote.opportunity_id)),
    );
    return acceptInTransaction(trx, actor, quoteId, input, 'other');
  });
}
