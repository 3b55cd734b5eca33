import { InputError } from '../input-error';
import { normalQuantile } from '../math/normal';

/**
 * Littlewood's rule for two fare classes (Littlewood 1972, "Forecasting and control of passenger
 * bookings", AGIFORS Symposium Proc. 12; Talluri & van Ryzin 2004, "The Theory and Practice of
 * Revenue Management", §2.2.1): protect y units for the high fare r₁ while
 * P(D₁ > y) > r₂/r₁, i.e. with D₁ ~ N(μ, σ²),
 *   y* = μ + σ Φ⁻¹(1 − r₂/r₁),
 * clamped to [0, capacity] when a capacity is given. The low class's booking limit is C − y*.
 */
export function computeLittlewoodProtection(
  highFare: number,
  lowFare: number,
  highDemand: { mean: number; sd: number },
  capacity = Number.POSITIVE_INFINITY,
): number {
  if (!(highFare > 0 && lowFare >= 0 && lowFare < highFare)) {
    throw new InputError(`need 0 ≤ low fare < high fare, got ${lowFare} and ${highFare}`, {
      field: 'lowFare',
    });
  }
  if (!(highDemand.sd > 0)) throw new InputError(`must be > 0, got ${highDemand.sd}`, { field: 'sd' });
  const y = highDemand.mean + highDemand.sd * normalQuantile(1 - lowFare / highFare);
  return Math.min(capacity, Math.max(0, y));
}
