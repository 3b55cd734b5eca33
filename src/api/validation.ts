import { registerAjvFormats, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import Format from 'typebox/format';
import { isDay, isTime } from '../platform/index';

/**
 * String formats of request schemas: ajv-formats' ones, except `date` and `date-time`, which are
 * the platform's date reader (a real day, years 0001-9999), so a route's schema and its service
 * agree on what a date is and PostgreSQL is never handed one it cannot hold.
 */
export function registerFormats(): void {
  registerAjvFormats();
  Format.Set('date-time', isTime);
  Format.Set('date', isDay);
}

/**
 * TypeBox's validator, with every integer bounded to the integers a JSON number holds exactly
 * (|n| <= 2^53 - 1) unless its schema says less: `before=99999999999999999999` is a 400 naming the
 * field, not a bigint overflow in the database.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = (route) =>
  TypeBoxValidatorCompiler({ ...route, schema: boundIntegers(route.schema) });

function boundIntegers(schema: TSchema): TSchema {
  return hasUnboundedInteger(schema) ? (copy(schema) as TSchema) : schema;
}

function hasUnboundedInteger(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasUnboundedInteger);
  if (typeof node !== 'object' || node === null) return false;
  const n = node as Record<string, unknown>;
  if (isUnboundedInteger(n)) return true;
  return Object.values(n).some(hasUnboundedInteger);
}

function isUnboundedInteger(n: Record<string, unknown>): boolean {
  return (
    n.type === 'integer' &&
    (n.maximum === undefined || n.minimum === undefined) &&
    n.exclusiveMaximum === undefined &&
    n.exclusiveMinimum === undefined
  );
}

/** A deep copy keeping every own property (TypeBox marks its schemas with non-enumerable ones). */
function copy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(copy);
  if (typeof node !== 'object' || node === null) return node;
  const descriptors = Object.getOwnPropertyDescriptors(node);
  for (const d of Object.values(descriptors)) if ('value' in d) d.value = copy(d.value);
  const out = Object.create(Object.getPrototypeOf(node), descriptors) as Record<string, unknown>;
  if (isUnboundedInteger(out)) {
    const set = (key: string, value: number) =>
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    if (out.maximum === undefined) set('maximum', Number.MAX_SAFE_INTEGER);
    if (out.minimum === undefined) set('minimum', -Number.MAX_SAFE_INTEGER);
  }
  return out;
}
