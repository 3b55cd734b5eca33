import { type Static, Type } from 'typebox';
import { Day, LineInput, LineView, Moment, Nullable, Strict, Text, Uuid } from '../pipeline/schema';
import { QUOTE_STATUSES } from '../pipeline/tables';

/** Request and response shapes of quotes, their revisions, acceptance links and the public page. */

export const QuoteStatus = Type.Enum(QUOTE_STATUSES);

export const RevisionView = Type.Object({
  revision: Type.Integer(),
  validUntil: Day,
  terms: Nullable(Type.String()),
  currency: Type.String(),
  subtotal: Type.Number(),
  discountTotal: Type.Number(),
  total: Type.Number(),
  lines: Type.Array(LineView),
  createdAt: Moment,
  createdBy: Nullable(Uuid),
});
export type RevisionView = Static<typeof RevisionView>;

export const RevisionSummary = Type.Object({
  revision: Type.Integer(),
  validUntil: Day,
  currency: Type.String(),
  total: Type.Number(),
  createdAt: Moment,
});

export const QuoteView = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  reference: Type.String({ description: 'Q-000123' }),
  opportunityId: Uuid,
  status: QuoteStatus,
  revision: Type.Integer({ description: 'The latest revision' }),
  sentAt: Nullable(Moment),
  linkExpiresAt: Nullable(
    Type.String({ format: 'date-time', description: 'When the acceptance link stops working' }),
  ),
  acceptedAt: Nullable(Moment),
  acceptedRevision: Nullable(Type.Integer()),
  acceptedName: Nullable(Type.String()),
  declinedAt: Nullable(Moment),
  declineReason: Nullable(Type.String()),
  orderId: Nullable(Uuid),
  createdAt: Moment,
  updatedAt: Moment,
  shown: RevisionView,
  revisions: Type.Array(RevisionSummary, { description: 'Every revision, newest first' }),
});
export type QuoteView = Static<typeof QuoteView>;

export const QuoteSummary = Type.Object({
  id: Uuid,
  reference: Type.String(),
  status: QuoteStatus,
  revision: Type.Integer(),
  validUntil: Day,
  currency: Type.String(),
  total: Type.Number(),
  sentAt: Nullable(Moment),
  createdAt: Moment,
});
export type QuoteSummary = Static<typeof QuoteSummary>;

export const QuoteDraft = Type.Object(
  {
    validUntil: Type.Optional(
      Type.String({ format: 'date', description: 'Default: in 30 days (a revision: as before)' }),
    ),
    terms: Type.Optional(Nullable(Text(10_000))),
    lines: Type.Optional(
      Type.Array(LineInput, {
        minItems: 1,
        maxItems: 200,
        description: 'Default: the opportunity’s lines; in the opportunity’s currency',
      }),
    ),
  },
  Strict,
);
export type QuoteDraft = Static<typeof QuoteDraft>;

export const RevisionQuery = Type.Object(
  { revision: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the latest' })) },
  Strict,
);
export const LinkInput = Type.Object(
  { expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, description: 'Default 30' })) },
  Strict,
);
export const QuoteLink = Type.Object({
  token: Type.String({ description: 'Shown once: only its SHA-256 is kept' }),
  path: Type.String({ description: 'The public page: /quote/{token}' }),
  expiresAt: Moment,
  quote: QuoteView,
});
export type QuoteLink = Static<typeof QuoteLink>;

export const AcceptInput = Type.Object(
  {
    revision: Type.Integer({ minimum: 1, description: 'The revision the customer saw' }),
    name: Text(200),
  },
  { ...Strict, description: 'The customer’s name, as a signature' },
);
export type AcceptInput = Static<typeof AcceptInput>;
export const DeclineInput = Type.Object({ reason: Type.Optional(Text(1000)) }, Strict);
export type DeclineInput = Static<typeof DeclineInput>;
export const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) }, Strict);

export const PublicLine = Type.Object({
  lineNo: Type.Integer(),
  sku: Type.String(),
  name: Type.String(),
  quantity: Type.Integer(),
  unitPrice: Type.Number(),
  discount: Type.Number(),
  lineTotal: Type.Number(),
});

/** What the customer's page shows: the quote, and no id of anything. */
export const PublicQuote = Type.Object({
  reference: Type.String(),
  revision: Type.Integer(),
  status: QuoteStatus,
  seller: Type.String({ description: 'The workspace’s name' }),
  hasLogo: Type.Boolean(),
  preparedFor: Nullable(Type.String()),
  validUntil: Day,
  expired: Type.Boolean({ description: 'Its validity date has passed' }),
  linkExpiresAt: Moment,
  currency: Type.String(),
  lines: Type.Array(PublicLine),
  subtotal: Type.Number(),
  discountTotal: Type.Number(),
  total: Type.Number(),
  terms: Nullable(Type.String()),
  acceptedAt: Nullable(Moment),
  acceptedName: Nullable(Type.String()),
  declinedAt: Nullable(Moment),
});
export type PublicQuote = Static<typeof PublicQuote>;

export const Binary = (description: string) =>
  Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });
