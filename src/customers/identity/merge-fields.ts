import type { PersonRow } from '../people/person-view';

/** The fields of a person a merge decides between; each has a survivor rule. */
export const MERGE_FIELDS = [
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
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/**
 * Whose value a field keeps:
 * - `survivor` / `merged`: that record's value, even when it is empty (chosen explicitly);
 * - `non_empty`: the survivor's value, or the merged record's when the survivor's is empty;
 * - `newest`: the value of the record changed last (updated_at), or the other's when that one is empty;
 * - `oldest`: the value of the record created first (created_at), or the other's when that one is empty.
 * Ties go to the survivor. `attributes` are decided key by key with the same rule.
 */
export const MERGE_RULES = ['survivor', 'merged', 'newest', 'oldest', 'non_empty'] as const;
export type MergeRule = (typeof MERGE_RULES)[number];

export type FieldRules = Partial<Record<MergeField, MergeRule>>;

/** A field where both records hold different non-empty values, and the one the merge keeps. */
export interface MergeConflict {
  field: string;
  survivor: unknown;
  merged: unknown;
  chosen: unknown;
  rule: MergeRule;
}

/** The columns of `people` a merge writes onto the survivor. */
export type MergedColumns = Pick<
  PersonRow,
  | 'given_name'
  | 'family_name'
  | 'display_name'
  | 'birthday'
  | 'address'
  | 'language'
  | 'notes'
  | 'owner_id'
  | 'team_id'
  | 'lifecycle_stage'
  | 'account_id'
  | 'account_role'
  | 'attributes'
>;

const COLUMN: Record<Exclude<MergeField, 'attributes'>, keyof MergedColumns> = {
  firstName: 'given_name',
  lastName: 'family_name',
  displayName: 'display_name',
  birthday: 'birthday',
  address: 'address',
  language: 'language',
  notes: 'notes',
  ownerId: 'owner_id',
  teamId: 'team_id',
  lifecycleStage: 'lifecycle_stage',
  accountId: 'account_id',
};

export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmptyValue);
  if (typeof value === 'object') return Object.values(value).every(isEmptyValue);
  return false;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Which record a rule takes a value from, given both values. */
function pick(rule: MergeRule, s: unknown, m: unknown, survivorFirst: Record<'newest' | 'oldest', boolean>) {
  switch (rule) {
    case 'survivor':
      return 'survivor';
    case 'merged':
      return 'merged';
    case 'non_empty':
      return isEmptyValue(s) && !isEmptyValue(m) ? 'merged' : 'survivor';
    default: {
      const first = survivorFirst[rule] ? 'survivor' : 'merged';
      const firstValue = first === 'survivor' ? s : m;
      const otherValue = first === 'survivor' ? m : s;
      if (isEmptyValue(firstValue) && !isEmptyValue(otherValue))
        return first === 'survivor' ? 'merged' : 'survivor';
      return first;
    }
  }
}

/**
 * The survivor's fields after a merge, decided field by field (attributes key by key), and every
 * conflict: a field where both records hold different non-empty values. Pure: no database.
 */
export function mergeFields(
  survivor: PersonRow,
  merged: PersonRow,
  rules: FieldRules,
  defaultRule: MergeRule,
): { columns: MergedColumns; conflicts: MergeConflict[] } {
  const time = (v: Date | string) => new Date(v).getTime();
  const survivorFirst = {
    newest: time(survivor.updated_at) >= time(merged.updated_at),
    oldest: time(survivor.created_at) <= time(merged.created_at),
  };
  const conflicts: MergeConflict[] = [];
  const columns = {} as Record<keyof MergedColumns, unknown>;
  const decide = (field: string, rule: MergeRule, s: unknown, m: unknown) => {
    const from = pick(rule, s, m, survivorFirst);
    const chosen = from === 'survivor' ? s : m;
    if (!isEmptyValue(s) && !isEmptyValue(m) && !same(s, m))
      conflicts.push({ field, survivor: s, merged: m, chosen: chosen ?? null, rule });
    return { from, chosen };
  };

  for (const [field, column] of Object.entries(COLUMN) as [
    Exclude<MergeField, 'attributes'>,
    keyof MergedColumns,
  ][]) {
    const rule = rules[field] ?? defaultRule;
    const { from, chosen } = decide(field, rule, survivor[column], merged[column]);
    columns[column] = chosen ?? null;
    // The role at the account travels with the account it describes.
    if (field === 'accountId') columns.account_role = (from === 'survivor' ? survivor : merged).account_role;
  }
  // A person always has a display name: an explicit choice of an empty one keeps the other.
  if (isEmptyValue(columns.display_name))
    columns.display_name = isEmptyValue(survivor.display_name) ? merged.display_name : survivor.display_name;

  const attributeRule = rules.attributes ?? defaultRule;
  const attributes: Record<string, unknown> = {};
  const sAttrs = survivor.attributes ?? {};
  const mAttrs = merged.attributes ?? {};
  for (const key of new Set([...Object.keys(sAttrs), ...Object.keys(mAttrs)])) {
    const { chosen } = decide(`attributes.${key}`, attributeRule, sAttrs[key], mAttrs[key]);
    if (chosen !== undefined) attributes[key] = chosen;
  }
  columns.attributes = attributes;
  return { columns: columns as MergedColumns, conflicts };
}
