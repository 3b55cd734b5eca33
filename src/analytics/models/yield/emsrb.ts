import { InputError } from '../input-error';
import { normalQuantile } from '../math/normal';
import { type FareClass, validateFareClasses } from './fare-classes';

/** EMSR-b controls for one resource (a flight leg, a hotel night). */
export interface EmsrbControls {
  /**
   * protection[j] = units kept for classes 1 … j+1 (0-based j = 0 … n−2), continuous, in [0, C];
   * protection[n−1] = C.
   */
  protection: number[];
  /** The same rounded to whole units (nested, non-decreasing). */
  protectionUnits: number[];
  /** bookingLimit[j] = units class j may sell = C − protection of the classes above it (whole units). */
  bookingLimit: number[];
}

/**
 * EMSR-b (Belobaba 1992, "Optimal vs. heuristic methods for nested seat allocation", AGIFORS
 * Reservations Control Study Group; Talluri & van Ryzin 2004, "The Theory and Practice of Revenue Management", §2.2.4): for each
 * j = 1 … n−1 the classes 1 … j are pooled into one class with demand S_j = D₁ + … + D_j (normal,
 * mean Σμ_i, variance Σσ_i²) and the demand-weighted fare r̄_j = Σ r_i μ_i / Σ μ_i, and Littlewood's
 * rule against r_{j+1} gives the protection level
 *   y_j = μ_{S_j} + σ_{S_j} Φ⁻¹(1 − r_{j+1}/r̄_j),
 * clamped to [0, C] and made non-decreasing. Booking limits: b₁ = C, b_{j+1} = C − y_j. Whole-unit
 * levels round y_j to the nearest integer, as in Fiig et al. (2010), Table 2.
 */
export function computeEmsrb(classes: readonly FareClass[], capacity: number): EmsrbControls {
  validateFareClasses(classes);
  if (!(Number.isFinite(capacity) && capacity >= 0)) {
    throw new InputError(`must be a number ≥ 0, got ${capacity}`, { field: 'capacity' });
  }
  const n = classes.length;
  const protection: number[] = [];
  let mean = 0;
  let variance = 0;
  let revenue = 0;
  let previous = 0;
  for (let j = 0; j < n - 1; j++) {
    const c = classes[j] as FareClass;
    mean += c.mean;
    variance += c.sd * c.sd;
    revenue += c.fare * c.mean;
    const weighted = mean > 0 ? revenue / mean : c.fare;
    const next = (classes[j + 1] as FareClass).fare;
    const y = mean + Math.sqrt(variance) * normalQuantile(Math.max(0, 1 - next / weighted));
    previous = Math.min(capacity, Math.max(previous, y, 0));
    protection.push(previous);
  }
  protection.push(capacity);
  const protectionUnits = protection.map((y) => Math.min(capacity, Math.round(y)));
  const bookingLimit = classes.map((_, j) =>
    j === 0 ? capacity : Math.max(0, capacity - (protectionUnits[j - 1] as number)),
  );
  return { protection, protectionUnits, bookingLimit };
}
