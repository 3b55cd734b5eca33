import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError } from '../platform/index';
import type { RejectionCode } from './schema';
import { CHANNELS, COST_ACTIVITIES, ORDER_STATUSES, PAYMENT_METHODS } from './tables';

/** Why one item of a call was refused: the field (dotted path in the item) and the reason. */
export class ItemRejection {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly code: RejectionCode = 'validation_failed',
  ) {}

  toError(): AppError {
    return new AppError(
      this.code,
      this.code === 'validation_failed' ? `${this.field}: ${this.reason}` : this.reason,
      this.field,
    );
  }
}

export const reject = (field: string, reason: string, code?: RejectionCode) =>
  new ItemRejection(field, reason, code);

/** Allowed values named in messages, by the last segment of the field. */
const ENUMS: Record<string, readonly string[]> = {
  channel: CHANNELS,
  status: ORDER_STATUSES,
  activity: COST_ACTIVITIES,
  method: PAYMENT_METHODS,
};

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/**
 * A compiled checker for one item of a bulk call: the item as its type, or the first problem
 * with the field it concerns (`lines.2.quantity`) and a plain reason.
 */
export function compileItemCheck<T>(schema: TSchema): (value: unknown) => T | ItemRejection {
  const validator = Compile(schema);
  return (value) => {
    if (validator.Check(value)) return value as T;
    const errors = validator.Errors(value) as unknown as SchemaError[];
    return describeFirst(errors);
  };
}

function describeFirst(errors: SchemaError[]): ItemRejection {
  const first = errors[0];
  if (!first) return reject('item', 'is invalid');
  const path = first.instancePath.split('/').filter(Boolean);
  const params = first.params;
  if (first.keyword === 'required') {
    const missing = (params.requiredProperties as string[] | undefined)?.[0] ?? '';
    return reject([...path, missing].filter(Boolean).join('.'), 'is required');
  }
  if (first.keyword === 'additionalProperties' || first.message === 'schema is false') {
    const extra = (params.additionalProperties as string[] | undefined)?.[0];
    return reject([...path, extra].filter(Boolean).join('.') || 'item', 'unknown field');
  }
  const field = path.join('.') || 'item';
  const last = path.at(-1) ?? '';
  switch (first.keyword) {
    case 'enum':
    case 'const':
    case 'anyOf': {
      const allowed = ENUMS[last];
      return reject(field, allowed ? `must be one of ${allowed.join(', ')}` : 'is not an allowed value');
    }
    case 'type':
      return reject(field, `must be of type ${String(params.type)}`);
    case 'format':
      return reject(
        field,
        params.format === 'date-time'
          ? 'must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z'
          : `must be a ${String(params.format)}`,
      );
    case 'minLength':
      return reject(field, `must be at least ${String(params.limit)} characters`);
    case 'maxLength':
      return reject(field, `must be at most ${String(params.limit)} characters`);
    case 'minItems':
      return reject(field, `must have at least ${String(params.limit)} item(s)`);
    case 'maxItems':
      return reject(field, `must have at most ${String(params.limit)} items`);
    default:
      return reject(field, first.message);
  }
}
