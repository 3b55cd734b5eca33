import { sql } from 'kysely';
import { getAccount, getPerson } from '../../customers/index';
import type { Db } from '../../db/index';
import { withTenant } from '../../db/index';
import {
  AppError,
  authorize,
  getWorkspace,
  invalid,
  type Principal,
  recordAudit,
  SYSTEM_PRINCIPAL,
} from '../../platform/index';
import { fromCents } from '../money';
import { authorizeSalesSettings, ownership } from '../pipeline/access';
import { totalsOf } from '../pipeline/lines';
import { loadOpportunityRow } from '../pipeline/opportunity-view';
import { deals } from '../pipeline/tables';
import { canEmbed, type QuoteDocument, renderQuotePdf } from './pdf';
import { type LinkedQuote, findQuoteByToken } from './accept';
import { loadQuoteRow, loadRevision, referenceOf } from './quotes';
import type { PublicQuote } from './schema';

/** The largest logo kept (bytes). */
export const MAX_LOGO_BYTES = 512 * 1024;
export const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/**
 * Keeps the logo printed on the workspace's quotes: a PNG or JPEG (by its bytes, not only its media
 * type) of at most 512 KB that the PDF library reads. Sales settings.
 */
export async function setQuoteLogo(db: Db, actor: Principal, type: string, data: Buffer): Promise<void> {
  authorizeSalesSettings(actor);
  if (!(LOGO_TYPES as readonly string[]).includes(type))
    throw new AppError('unsupported_media_type', 'Send the logo as image/png or image/jpeg', 'logo');
  if (data.length === 0) throw invalid('logo', 'is empty');
  if (data.length > MAX_LOGO_BYTES)
    throw new AppError('payload_too_large', 'The logo is larger than 512 KB', 'logo');
  const magic = type === 'image/png' ? PNG : JPEG;
  if (!data.subarray(0, magic.length).equals(magic) || !canEmbed(data))
    throw invalid('logo', `is not a ${type === 'image/png' ? 'PNG' : 'JPEG'} image`);
  await withTenant(db, actor.workspaceId, async (trx) => {
    await sql`
      insert into quote_settings (workspace_id, logo, logo_type, updated_at)
      values (${actor.workspaceId}, ${data}, ${type}, now())
      on conflict (workspace_id) do update set logo = excluded.logo, logo_type = excluded.logo_type, updated_at = now()`.execute(
      trx,
    );
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'quote_settings',
      objectId: actor.workspaceId,
      after: { logo: `${type}, ${data.length} bytes` },
    });
  });
}

export async function removeQuoteLogo(db: Db, actor: Principal): Promise<void> {
  authorizeSalesSettings(actor);
  await withTenant(db, actor.workspaceId, async (trx) => {
    await sql`update quote_settings set logo = null, logo_type = null, updated_at = now()
      where workspace_id = ${actor.workspaceId}`.execute(trx);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'quote_settings',
      objectId: actor.workspaceId,
      after: { logo: null },
    });
  });
}

export async function loadLogo(
  db: Db,
  workspaceId: string,
): Promise<{ type: LogoType; data: Buffer } | null> {
  return withTenant(db, workspaceId, async (trx) => {
    const row = await deals(trx)
      .selectFrom('quote_settings')
      .select(['logo', 'logo_type'])
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst();
    return row?.logo && row.logo_type ? { type: row.logo_type, data: row.logo } : null;
  });
}

export async function getQuoteLogo(db: Db, actor: Principal): Promise<{ type: LogoType; data: Buffer }> {
  authorize(actor, 'quotes', 'read');
  const logo = await loadLogo(db, actor.workspaceId);
  if (!logo) throw new AppError('not_found', 'No logo yet');
  return logo;
}

interface QuoteFacts {
  doc: QuoteDocument;
  status: PublicQuote['status'];
  acceptedAt: Date | null;
  acceptedName: string | null;
  declinedAt: Date | null;
  hasLogo: boolean;
}

/** Everything a quote's page or PDF shows, for one revision (default: the latest). */
async function quoteFacts(
  db: Db,
  workspaceId: string,
  quoteId: string,
  revision?: number,
): Promise<QuoteFacts> {
  const { quote, shown, personId, accountId } = await withTenant(db, workspaceId, async (trx) => {
    const quote = await loadQuoteRow(trx, workspaceId, quoteId);
    const opportunity = await loadOpportunityRow(trx, workspaceId, quote.opportunity_id);
    return {
      quote,
      shown: await loadRevision(trx, workspaceId, quoteId, revision ?? quote.revision),
      personId: opportunity.person_id,
      accountId: opportunity.account_id,
    };
  });
  const system = SYSTEM_PRINCIPAL(workspaceId);
  const [workspace, logo, person, account] = await Promise.all([
    getWorkspace(db, workspaceId),
    loadLogo(db, workspaceId),
    personId ? getPerson(db, system, personId).catch(() => null) : null,
    accountId ? getAccount(db, system, accountId).catch(() => null) : null,
  ]);
  const totals = totalsOf(shown.lines);
  const preparedFor = [person?.displayName, account?.name].filter(Boolean).join(', ') || null;
  return {
    doc: {
      seller: workspace.name,
      logo: logo?.data ?? null,
      reference: referenceOf(quote.number),
      revision: shown.revision,
      issuedOn: shown.createdAt.toISOString().slice(0, 10),
      validUntil: shown.validUntil,
      preparedFor,
      currency: shown.currency,
      lines: shown.lines.map((l, i) => ({
        lineNo: i + 1,
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unitPrice: fromCents(l.unitPrice),
        discount: fromCents(l.discount),
        lineTotal: fromCents(l.unitPrice * l.quantity - l.discount),
      })),
      subtotal: fromCents(totals.subtotal),
      discountTotal: fromCents(totals.discount),
      total: fromCents(totals.total),
      terms: shown.terms,
      status: quote.status,
    },
    status: quote.status,
    acceptedAt: quote.accepted_at,
    acceptedName: quote.accepted_name,
    declinedAt: quote.declined_at,
    hasLogo: logo !== null,
  };
}

/** A quote revision as a PDF, for the rep (quotes read on its opportunity). */
export async function renderQuote(
  db: Db,
  actor: Principal,
  quoteId: string,
  revision?: number,
): Promise<{ file: string; pdf: Buffer }> {
  authorize(actor, 'quotes', 'read');
  await withTenant(db, actor.workspaceId, async (trx) => {
    const quote = await loadQuoteRow(trx, actor.workspaceId, quoteId);
    authorize(
      actor,
      'quotes',
      'read',
      ownership(await loadOpportunityRow(trx, actor.workspaceId, quote.opportunity_id)),
    );
  });
  const facts = await quoteFacts(db, actor.workspaceId, quoteId, revision);
  return { file: `${facts.doc.reference}-r${facts.doc.revision}.pdf`, pdf: await renderQuotePdf(facts.doc) };
}

/** What the customer's page shows, through the link: the latest revision, no ids. */
export async function getPublicQuote(db: Db, token: string): Promise<PublicQuote> {
  return publicView(db, await findQuoteByToken(db, token));
}

export async function publicView(db: Db, linked: LinkedQuote): Promise<PublicQuote> {
  const facts = await quoteFacts(db, linked.workspaceId, linked.quoteId);
  const { doc } = facts;
  return {
    reference: doc.reference,
    revision: doc.revision,
    status: facts.status,
    seller: doc.seller,
    hasLogo: facts.hasLogo,
    preparedFor: doc.preparedFor,
    validUntil: doc.validUntil,
    expired: doc.validUntil < new Date().toISOString().slice(0, 10),
    linkExpiresAt: linked.linkExpiresAt.toISOString(),
    currency: doc.currency,
    lines: doc.lines,
    subtotal: doc.subtotal,
    discountTotal: doc.discountTotal,
    total: doc.total,
    terms: doc.terms,
    acceptedAt: facts.acceptedAt?.toISOString() ?? null,
    acceptedName: facts.acceptedName,
    declinedAt: facts.declinedAt?.toISOString() ?? null,
  };
}

export async function renderPublicQuote(db: Db, token: string): Promise<{ file: string; pdf: Buffer }> {
  const linked = await findQuoteByToken(db, token);
  const facts = await quoteFacts(db, linked.workspaceId, linked.quoteId);
  return { file: `${facts.doc.reference}-r${facts.doc.revision}.pdf`, pdf: await renderQuotePdf(facts.doc) };
}

export async function getPublicLogo(db: Db, token: string): Promise<{ type: LogoType; data: Buffer }> {
  const linked = await findQuoteByToken(db, token);
  const logo = await loadLogo(db, linked.workspaceId);
  if (!logo) throw new AppError('not_found', 'No logo');
  return logo;
}
