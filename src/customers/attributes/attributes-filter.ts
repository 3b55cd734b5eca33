import { type RawBuilder, sql } from 'kysely';
import { invalid } from '../../platform/index';
import { type AttributeRule, isIsoDate } from './attributes-values';
import type { AttributeObjectType } from '../tables';

export const FILTER_OPS = ['eq', 'gt', 'gte', 'lt', 'lte'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** A query parameter `attr.<key>` or `attr.<key>.<op>` as given, e.g. `attr.score.gte=10`. */
export interface AttributeFilterInput {
  param: string;
  value: string;
}

/** A filter checked against the definitions: the typed column it reads and the value to compare. */
export interface AttributeFilter {
  key: string;
  op: FilterOp;
  column: 'num' | 'txt' | 'dt' | 'bool';
  value: number | string | boolean;
}

/** Query parameters that filter on attributes: `attr.<key>` (equals) and `attr.<key>.<op>`. */
export const ATTRIBUTE_PARAM = '^attr\\.';

/** The `attr.*` parameters of a query string, in the order given. */
export function attributeParams(query: Record<string, unknown>): AttributeFilterInput[] {
  return Object.entries(query)
    .filter(([param]) => param.startsWith('attr.'))
    .map(([param, value]) => ({ param, value: String(value) }));
}

const SQL_OP: Record<FilterOp, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * Reads `attr.<key>[.<op>]=<value>` against the definitions: the key must be defined for the object
 * type, the operator must suit the type (ranges for numbers and dates only), and the value must be one
 * of the type (a number, a YYYY-MM-DD date, true/false, one of the choices). A 400 names the parameter.
 */
export function parseAttributeFilters(
  rules: readonly AttributeRule[],
  inputs: readonly AttributeFilterInput[],
): AttributeFilter[] {
  const byKey = new Map(rules.map((r) => [r.key, r]));
  return inputs.map(({ param, value }) => {
    const [, key = '', op = 'eq', ...rest] = param.split('.');
    const rule = byKey.get(key);
    if (!rule || rest.length > 0) throw invalid(param, `unknown attribute "${key}"`);
    if (!(FILTER_OPS as readonly string[]).includes(op))
      throw invalid(param, `unknown comparison "${op}": use ${FILTER_OPS.join(', ')}`);
    const filterOp = op as FilterOp;
    const ranged = rule.type === 'number' || rule.type === 'date';
    if (filterOp !== 'eq' && !ranged)
      throw invalid(param, `a ${rule.type} attribute can only be compared for equality`);
    return typedFilter(rule, param, filterOp, value);
  });
}

function typedFilter(rule: AttributeRule, param: string, op: FilterOp, value: string): AttributeFilter {
  switch (rule.type) {
    case 'number': {
      const n = value.trim() === '' ? Number.NaN : Number(value);
      if (!Number.isFinite(n)) throw invalid(param, `must be a number, not "${value}"`);
      return { key: rule.key, op, column: 'num', value: n };
    }
    case 'date':
      if (!isIsoDate(value)) throw invalid(param, `must be a date (YYYY-MM-DD), not "${value}"`);
      return { key: rule.key, op, column: 'dt', value };
    case 'boolean':
      if (value !== 'true' && value !== 'false')
        throw invalid(param, `must be true or false, not "${value}"`);
      return { key: rule.key, op, column: 'bool', value: value === 'true' };
    case 'choice':
      if (!(rule.options ?? []).includes(value))
        throw invalid(param, `must be one of ${(rule.options ?? []).map((o) => `"${o}"`).join(', ')}`);
      return { key: rule.key, op, column: 'txt', value };
    case 'text':
      return { key: rule.key, op, column: 'txt', value };
  }
}

const VALUES = {
  people: { table: 'people_attribute_values', id: 'person_id' },
  accounts: { table: 'account_attribute_values', id: 'account_id' },
} as const satisfies Record<AttributeObjectType, { table: string; id: string }>;

/**
 * A condition on the record's `id` column (alias-free) for one filter: an index range on the typed
 * values table, `(workspace_id, key, <column>)`, with leakproof operators, so row-level security
 * does not stop the index being used.
 */
export function attributeCondition(
  objectType: AttributeObjectType,
  workspaceId: string,
  filter: AttributeFilter,
): RawBuilder<boolean> {
  const { table, id } = VALUES[objectType];
  const value = filter.column === 'dt' ? sql`${filter.value}::date` : sql`${filter.value}`;
  return sql<boolean>`id in (select v.${sql.ref(id)} from ${sql.table(table)} v
    where v.workspace_id = ${workspaceId} and v.key = ${filter.key}
      and v.${sql.ref(filter.column)} ${sql.raw(SQL_OP[filter.op])} ${value})`;
}
