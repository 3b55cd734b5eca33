import type { FastifyRequest } from 'fastify';
import { type ErrorCode, isPlainObject } from '../platform/index';

/**
 * PostgreSQL's refusals of values a request carried, as the 4xx they are, naming the field. They are
 * the last wall (the schemas, the date reader and the text check refuse such input first), so one
 * reaching here is logged as a warning: a check is missing somewhere. Every other database error
 * stays a 500.
 */

interface DatabaseError {
  code: string;
  message: string;
  detail?: string;
  table?: string;
  column?: string;
  constraint?: string;
}

export interface MappedError {
  code: ErrorCode;
  message: string;
  field: string;
}

/** SQLSTATEs of values PostgreSQL cannot take (class 22 and a few neighbours). */
const BAD_VALUE = new Set([
  '22001', // string_data_right_truncation
  '22003', // numeric_value_out_of_range
  '22004', // null_value_not_allowed
  '22007', // invalid_datetime_format
  '22008', // datetime_field_overflow
  '22021', // character_not_in_repertoire (a NUL, bytes that are not UTF-8)
  '22023', // invalid_parameter_value
  '22025', // invalid_escape_sequence
  '2201B', // invalid_regular_expression
  '2202E', // array_subscript_error
  '22P02', // invalid_text_representation
  '22P05', // untranslatable_character (\u0000 in jsonb)
  '54001', // statement_too_complex (JSON nested too deep)
]);

export function isDatabaseError(err: unknown): err is DatabaseError {
  const e = err as Partial<DatabaseError> & { severity?: unknown };
  return typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

/** The 4xx for a database error caused by a request's values, or undefined when it is not one. */
export function mapDatabaseError(err: DatabaseError, request: FastifyRequest): MappedError | undefined {
  switch (err.code) {
    case '23503':
      return foreignKeyViolation(err);
    case '23505': {
      const field = keyField(err.detail) ?? fieldOfConstraint(err) ?? 'body';
      return { code: 'conflict', message: `${field}: is already taken`, field };
    }
    case '23514': {
      const field = fieldOfConstraint(err) ?? 'body';
      return { code: 'validation_failed', message: `${field}: is not an allowed value`, field };
    }
    case '23502': {
      const field = err.column ? camel(err.column) : 'body';
      return { code: 'validation_failed', message: `${field}: is required`, field };
    }
  }
  if (!BAD_VALUE.has(err.code)) return undefined;
  const field = fieldHolding(quotedValue(err.message), request);
  return { code: 'validation_failed', message: `${field}: ${reasonOf(err)}`, field };
}

function foreignKeyViolation(err: DatabaseError): MappedError {
  const referenced = /is still referenced from table "([^"]+)"/.exec(err.detail ?? '');
  if (referenced)
    return {
      code: 'conflict',
      message: `still referenced by ${referenced[1]}: remove those first`,
      field: 'id',
    };
  const field = keyField(err.detail) ?? fieldOfConstraint(err) ?? 'body';
  const table = /not present in table "([^"]+)"/.exec(err.detail ?? '')?.[1];
  return {
    code: 'validation_failed',
    message: `${field}: no such ${table ? singular(table) : 'record'} in this workspace`,
    field,
  };
}

/** `Key (workspace_id, owner_id)=(...)`: the key's last column that is not the workspace. */
function keyField(detail: string | undefined): string | undefined {
  const columns = /Key \(([^)]+)\)=/.exec(detail ?? '')?.[1];
  const column = columns
    ?.split(',')
    .map((c) => c.trim().replace(/^"|"$/g, ''))
    .filter((c) => c !== 'workspace_id')
    .at(-1);
  return column ? camel(column) : undefined;
}

/**
 * A constraint PostgreSQL named is `<table>_<columns>_check` (or `_key`, `_fkey`), the columns
 * joined by `_` (`people_workspace_id_owner_id_fkey`); the workspace is in every key, not a field.
 * (The detail that lists a key's columns is withheld under row-level security.)
 */
function fieldOfConstraint(err: DatabaseError): string | undefined {
  if (err.column) return camel(err.column);
  const name = err.constraint;
  if (!name) return undefined;
  const bare = name.replace(/_(check|key|fkey)$/, '');
  const columns = err.table && bare.startsWith(`${err.table}_`) ? bare.slice(err.table.length + 1) : bare;
  const column = columns.replace(/^workspace_id_/, '');
  return column ? camel(column) : undefined;
}

function reasonOf(err: DatabaseError): string {
  switch (err.code) {
    case '22001':
      return 'is too long';
    case '22003':
      return 'is out of range';
    case '22007':
    case '22008':
      return 'is not a date or time the database can hold';
    case '22021':
    case '22P05':
      return 'is not text the database can hold';
    case '54001':
      return 'is nested too deep';
    default:
      return 'is not a valid value';
  }
}

/** The value PostgreSQL quotes in its message (`... for type uuid: "abc"`), if any. */
function quotedValue(message: string): string | undefined {
  return /"([^"]*)"/.exec(message)?.[1];
}

/** The request field that holds `value`; else the part of the request that carried values. */
function fieldHolding(value: string | undefined, request: FastifyRequest): string {
  if (value !== undefined && value !== '') {
    for (const source of [request.body, request.query, request.params]) {
      const found = find(source, value, '');
      if (found) return found;
    }
  }
  return request.body === undefined || request.body === null ? 'query' : 'body';
}

/** Walks parsed JSON and query values only (a streamed body is not one), at most 64 levels down. */
function find(node: unknown, value: string, path: string, depth = 0): string | undefined {
  if (typeof node === 'string' || typeof node === 'number')
    return String(node).includes(value) ? path || undefined : undefined;
  if (typeof node !== 'object' || node === null || depth > 64) return undefined;
  if (!Array.isArray(node) && !isPlainObject(node)) return undefined;
  for (const [key, child] of Object.entries(node)) {
    const found = find(child, value, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function singular(table: string): string {
  if (table === 'people') return 'person';
  return table.replace(/ies$/, 'y').replace(/s$/, '');
}
