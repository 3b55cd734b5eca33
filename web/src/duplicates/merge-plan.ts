/**
 * The side-by-side merge: which fields of two people differ, and the merge request that keeps the
 * value the reviewer picked for each (POST /api/people/merge takes a rule per field).
 */
import type { MergeField, MergeInput } from '../../../src/customers/index';
import { allOf } from '../lib/exhaustive';

export const MERGE_FIELDS = allOf<MergeField>()([
  'firstName',
  'lastName',
  'displayName',
  'birthday',
  'address',
  'language',
  'notes',
  'ownerId',
  'teamId',
  'lifecycleStage',
  'accountId',
  'attributes',
]);
export type { MergeField };

export const FIELD_LABELS: Record<MergeField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  displayName: 'Display name',
  birthday: 'Birthday',
  address: 'Address',
  language: 'Language',
  notes: 'Notes',
  ownerId: 'Owner',
  teamId: 'Team',
  lifecycleStage: 'Lifecycle stage',
  accountId: 'Account',
  attributes: 'Custom attributes',
};

export type Side = 'a' | 'b';

export function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmpty);
  if (typeof value === 'object') return Object.values(value).every(isEmpty);
  return false;
}

function same(x: unknown, y: unknown): boolean {
  if (isEmpty(x) && isEmpty(y)) return true;
  return JSON.stringify(x) === JSON.stringify(y);
}

export interface FieldRow {
  field: MergeField;
  a: unknown;
  b: unknown;
  /** Both hold a value and the values differ: the reviewer picks one. */
  conflict: boolean;
}

/** Every merge field with both people's values. */
export function compareFields(a: Record<string, unknown>, b: Record<string, unknown>): FieldRow[] {
  return MERGE_FIELDS.map((field) => ({
    field,
    a: a[field] ?? null,
    b: b[field] ?? null,
    conflict: !isEmpty(a[field]) && !isEmpty(b[field]) && !same(a[field], b[field]),
  }));
}

/** The side whose value a field keeps when the reviewer has not picked: the survivor's, or the other's when the survivor's is empty (the server's non_empty rule). */
export function defaultPick(row: FieldRow, survivor: Side): Side {
  const other: Side = survivor === 'a' ? 'b' : 'a';
  return isEmpty(row[survivor]) && !isEmpty(row[other]) ? other : survivor;
}

/** A merge without its dryRun flag (the review sends it twice: the preview, then the merge). */
export type MergeRequest = Omit<MergeInput, 'dryRun'>;

/**
 * The request for POST /api/people/merge: the survivor keeps its id; each field the reviewer
 * picked from one side becomes an explicit `survivor` or `merged` rule, the rest follow non_empty.
 */
export function mergeRequest(
  ids: Record<Side, string>,
  survivor: Side,
  picks: Partial<Record<MergeField, Side>>,
): MergeRequest {
  const merged: Side = survivor === 'a' ? 'b' : 'a';
  const fields: NonNullable<MergeRequest['fields']> = {};
  for (const field of MERGE_FIELDS) {
    const pick = picks[field];
    if (pick) fields[field] = pick === survivor ? 'survivor' : 'merged';
  }
  return { survivorId: ids[survivor], mergedId: ids[merged], rule: 'non_empty', fields };
}

/** A value as one line of text for the comparison table. */
export function displayValue(
  value: unknown,
  names: (id: string) => string | undefined = () => undefined,
): string {
  if (isEmpty(value)) return '—';
  if (typeof value === 'string') return names(value) ?? value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return Object.entries(value)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(', ');
  return String(value);
}
