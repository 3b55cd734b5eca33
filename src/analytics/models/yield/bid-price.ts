import { InputError } from '../input-error';
import { normalCdf } from '../math/normal';
import type { FareClass } from './fare-classes';

/**
 * Bid prices from nested protection levels (Talluri & van Ryzin 2004, ch. 2: protection levels,
 * booking limits and bid prices are equivalent controls): with x units left, classes 1 … j are open
 * when x > y_{j−1} (y₀ = 0), so the bid price is the fare of the lowest open class,
 *   π(x) = r_j for y_{j−1} < x ≤ y_j,
 * and a request at fare r is accepted when r ≥ π(x). Returns π(1) … π(C) for x = 1 … capacity.
 */
export function computeBidPrices(
  fares: readonly number[],
  protectionUnits: readonly number[],
  capacity: number,
): number[] {
  if (fares.length !== protectionUnits.length) {
    throw new InputError(`${fares.length} fares but ${protectionUnits.length} protection levels`, {
      field: 'protection',
    });
  }
  const out: number[] = [];
  let j = 0;
  for (let x = 1; x <= capacity; x++) {
    while (j < fares.length - 1 && x > (protectionUnits[j] as number)) j++;
    out.push(fares[j] as number);
  }
  return out;
}

/**
 * Expected revenue that higher-fare demand would bring to the x-th unit left (its displacement
 * cost) for a request at fare r: with H the classes whose fare exceeds r, pooled as in EMSR-b
 * (S_H normal with mean Σμ, variance Σσ², weighted fare r̄_H), the x-th unit is sold to them only if
 * S_H ≥ x, so the cost is r̄_H · P(S_H ≥ x) (Belobaba 1989, "Application of a probabilistic decision
 * model to airline seat inventory control", Operations Research 37(2): the expected marginal seat
 * revenue). 0 when no class pays more. Accepting a unit of class k+1 exactly when r_{k+1} is at least
 * this cost reproduces the EMSR-b protection level y_k.
 */
export function computeDisplacementCost(
  classes: readonly FareClass[],
  fare: number,
  unitsLeft: number,
): number {
  let mean = 0;
  let variance = 0;
  let revenue = 0;
  for (const c of classes) {
    if (!(c.fare > fare)) continue;
    mean += c.mean;
    variance += c.sd * c.sd;
    revenue += c.fare * c.mean;
  }
  if (variance === 0 || mean === 0) return 0;
  const weighted = revenue / mean;
  // P(S ≥ x) with the continuity of the normal model: 1 − Φ((x − μ)/σ).
  return weighted * (1 - normalCdf((unitsLeft - mean) / Math.sqrt(variance)));
}
