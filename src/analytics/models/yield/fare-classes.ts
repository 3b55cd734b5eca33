import { InputError } from '../input-error';

/** A fare class with normally distributed demand (units: bookings, e.g. room-nights or seats). */
export interface FareClass {
  name: string;
  /** Revenue of one unit sold in this class. */
  fare: number;
  /** Mean demand. */
  mean: number;
  /** Standard deviation of demand (> 0). */
  sd: number;
}

/**
 * Checks the classes of a revenue-management model: highest fare first, fares strictly decreasing,
 * fares and means ≥ 0 and finite, spreads > 0. Throws InputError naming the class (1-based, as
 * `line`) and the field.
 */
export function validateFareClasses(classes: readonly FareClass[]): void {
  if (classes.length === 0) throw new InputError('no fare classes', { field: 'classes' });
  classes.forEach((c, i) => {
    const where = { line: i + 1 };
    if (!(Number.isFinite(c.fare) && c.fare >= 0)) {
      throw new InputError(`class ${c.name}: fare must be a number ≥ 0, got ${c.fare}`, {
        ...where,
        field: 'fare',
      });
    }
    if (i > 0 && !(c.fare < (classes[i - 1] as FareClass).fare)) {
      throw new InputError(
        `class ${c.name}: fares must fall from the first class to the last (${c.fare} after ${(classes[i - 1] as FareClass).fare})`,
        { ...where, field: 'fare' },
      );
    }
    if (!(Number.isFinite(c.mean) && c.mean >= 0)) {
      throw new InputError(`class ${c.name}: mean demand must be a number ≥ 0, got ${c.mean}`, {
        ...where,
        field: 'mean',
      });
    }
    if (!(Number.isFinite(c.sd) && c.sd > 0)) {
      throw new InputError(`class ${c.name}: the spread (sd) must be > 0, got ${c.sd}`, {
        ...where,
        field: 'sd',
      });
    }
  });
}
