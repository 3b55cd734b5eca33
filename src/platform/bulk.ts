import { type Static, Type } from 'typebox';
import { Enum } from './schema-parts';
import type { ErrorCode } from './errors';
import { Uuid } from './http';

/**
 * The one answer of every call that takes many items (bulk interactions, orders and costs, the
 * interaction stream, the chunks of an import): each item created, a duplicate of a row stored
 * before (same idempotency key), or rejected with the field at fault and the reason, in input
 * order with its index; and the counts.
 */

/** Why an item was rejected, as the error code a single call would answer with. */
export const REJECTION_CODES = [
  'bad_request',
  'validation_failed',
  'not_found',
  'forbidden',
  'conflict',
] as const satisfies readonly ErrorCode[];
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** An item we refused: where it was (its 0-based index in the input), the field at fault, and why. */
export const Rejection = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  field: Type.String({ description: 'Dotted path in the item, e.g. lines.2.quantity' }),
  reason: Type.String(),
});
export type Rejection = Static<typeof Rejection>;

const Stored = <S extends 'created' | 'duplicate'>(status: S, description: string) =>
  Type.Object(
    {
      index: Type.Integer({ minimum: 0 }),
      status: Type.Literal(status),
      id: Uuid,
      personId: Type.Optional(
        Type.Union([Uuid, Type.Null()], {
          description: 'The customer it was recorded for, where the slice says',
        }),
      ),
    },
    { description },
  );

export const ItemResult = Type.Union([
  Stored('created', 'Stored now'),
  Stored('duplicate', 'Its idempotency key was used before: the first row'),
  Type.Object(
    {
      ...Rejection.properties,
      status: Type.Literal('rejected'),
      code: Enum(REJECTION_CODES),
    },
    { description: 'Not stored; nothing else in the call is affected' },
  ),
]);
export type ItemResult = Static<typeof ItemResult>;
export type ItemStatus = ItemResult['status'];

export const BulkCounts = Type.Object({
  created: Type.Integer(),
  duplicate: Type.Integer(),
  rejected: Type.Integer(),
});
export type BulkCounts = Static<typeof BulkCounts>;

export const BulkResult = Type.Object({
  ...BulkCounts.properties,
  items: Type.Array(ItemResult, { description: 'One per item, in input order' }),
});
export type BulkResult = Static<typeof BulkResult>;

/** The counts of the items' statuses. */
export function countItems(items: readonly ItemResult[]): BulkCounts {
  const counts = { created: 0, duplicate: 0, rejected: 0 };
  for (const item of items) counts[item.status]++;
  return counts;
}

/** The answer of a bulk call: the counts, then every item. */
export const bulkResult = (items: ItemResult[]): BulkResult => ({ ...countItems(items), items });
