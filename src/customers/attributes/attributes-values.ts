import { invalid, isDay } from '../../platform/index';
import type { AttributeType } from '../tables';

/** What a value of a custom attribute must be: its type, the choices, whether it must be there. */
export interface AttributeRule {
  key: string;
  type: AttributeType;
  options: readonly string[] | null;
  required: boolean;
}

/** Longest text value (also what the typed index copies). */
export const MAX_TEXT_LENGTH = 1000;
/** Whether `text` is a real calendar day written YYYY-MM-DD (the platform's date reader). */
export const isIsoDate = isDay;

/** Why `value` is not a valid value of the attribute, or null when it is. */
export function valueProblem(rule: AttributeRule, value: unknown): string | null {
  switch (rule.type) {
    case 'text':
      if (typeof value !== 'string') return `must be text, not ${kindOf(value)}`;
      return value.length > MAX_TEXT_LENGTH ? `must be at most ${MAX_TEXT_LENGTH} characters` : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? null
        : `must be a number, not ${kindOf(value)}`;
    case 'date':
      if (typeof value !== 'string') return `must be a date (YYYY-MM-DD), not ${kindOf(value)}`;
      return isIsoDate(value) ? null : `must be a date (YYYY-MM-DD), not "${value}"`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `must be true or false, not ${kindOf(value)}`;
    case 'choice': {
      const options = rule.options ?? [];
      if (typeof value === 'string' && options.includes(value)) return null;
      const given = typeof value === 'string' ? `"${value}"` : kindOf(value);
      return `must be one of ${options.map((o) => `"${o}"`).join(', ')}, not ${given}`;
    }
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text "${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * The attributes a record will hold after a create (`before` null) or an update (`before` its
 * current attributes, which the input is merged into; a null value removes a key). Every given key
 * must be defined and its value valid; a required attribute must be present after the change.
 * Keys not defined that are already stored (written by analytics, say) are left as they are.
 * Throws a 400 naming `attributes.<key>` and the reason.
 */
export function checkAttributes(
  rules: readonly AttributeRule[],
  input: Record<string, unknown> | undefined,
  before: Record<string, unknown> | null,
): Record<string, unknown> {
  const byKey = new Map(rules.map((r) => [r.key, r]));
  const result: Record<string, unknown> = { ...(before ?? {}) };
  for (const [key, value] of Object.entries(input ?? {})) {
    const rule = byKey.get(key);
    if (!rule)
      throw invalid(
        `attributes.${key}`,
        `unknown attribute "${key}": define it first (POST /api/attributes)`,
      );
    if (value === null) {
      if (rule.required) throw invalid(`attributes.${key}`, 'is required and cannot be removed');
      delete result[key];
      continue;
    }
    const problem = valueProblem(rule, value);
    if (problem) throw invalid(`attributes.${key}`, problem);
    result[key] = value;
  }
  // A required attribute must be given on create; on update it is checked only when it was given
  // (records made before it became required keep working).
  if (before === null) {
    for (const rule of rules) {
      if (rule.required && (result[rule.key] === undefined || result[rule.key] === null))
        throw invalid(`attributes.${rule.key}`, 'is required');
    }
  }
  return result;
}
