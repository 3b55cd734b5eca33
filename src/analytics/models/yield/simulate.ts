import { InputError } from '../input-error';
import { createRandom } from '../math/random';
import { computeEmsrb } from './emsrb';
import { type FareClass, validateFareClasses } from './fare-classes';

/** Revenue of one policy over all scenarios. */
export interface PolicyRevenue {
  revenue: number;
  /** revenue / the perfect-hindsight revenue (summed over scenarios). */
  shareOfOptimum: number;
}

/** Result of `simulateRevenuePolicies`. */
export interface PolicyComparison {
  scenarios: number;
  emsrb: PolicyRevenue;
  firstComeFirstServed: PolicyRevenue;
  hindsight: PolicyRevenue;
  /** The EMSR-b booking limits used. */
  bookingLimits: number[];
}

/**
 * Draws `count` demand scenarios, one whole number per class, from N(mean, sd²) rounded and cut at 0,
 * with a seeded generator (the same seed gives the same scenarios).
 */
export function generateDemandScenarios(classes: readonly FareClass[], count: number, seed = 1): number[][] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () =>
    classes.map((c) => Math.max(0, Math.round(c.mean + c.sd * random.nextNormal()))),
  );
}

/**
 * Compares three ways of selling C units to classes arriving low fare first (the static model of
 * Talluri & van Ryzin 2004, ch. 2: class n books first, class 1 last):
 * - EMSR-b: each class sells up to its booking limit (`computeEmsrb`, whole units) and what is left;
 * - first come, first served: every request is taken while units last;
 * - perfect hindsight: the demand known in advance, units go to the highest fares first (the upper
 *   bound no booking control can beat).
 * Each policy's revenue is summed over the scenarios (rows of demand per class, in class order) and
 * reported with its share of the hindsight revenue.
 */
export function simulateRevenuePolicies(
  classes: readonly FareClass[],
  capacity: number,
  scenarios: readonly (readonly number[])[],
): PolicyComparison {
  validateFareClasses(classes);
  const { bookingLimit } = computeEmsrb(classes, capacity);
  const n = classes.length;
  let emsrb = 0;
  let fcfs = 0;
  let best = 0;
  scenarios.forEach((demand, s) => {
    if (demand.length !== n || demand.some((d) => !(Number.isInteger(d) && d >= 0))) {
      throw new InputError(`scenario ${s + 1}: needs ${n} whole demands ≥ 0`, {
        line: s + 1,
        field: 'demand',
      });
    }
    let left = capacity;
    let sold = 0;
    for (let j = n - 1; j >= 0; j--) {
      // Nested limits: class j may take units while fewer than b_j have been sold in total.
      const take = Math.max(0, Math.min(demand[j] as number, (bookingLimit[j] as number) - sold, left));
      emsrb += take * (classes[j] as FareClass).fare;
      sold += take;
      left -= take;
    }
    left = capacity;
    for (let j = n - 1; j >= 0; j--) {
      const take = Math.min(demand[j] as number, left);
      fcfs += take * (classes[j] as FareClass).fare;
      left -= take;
    }
    left = capacity;
    for (let j = 0; j < n; j++) {
      const take = Math.min(demand[j] as number, left);
      best += take * (classes[j] as FareClass).fare;
      left -= take;
    }
  });
  const share = (r: number) => (best > 0 ? r / best : Number.NaN);
  return {
    scenarios: scenarios.length,
    emsrb: { revenue: emsrb, shareOfOptimum: share(emsrb) },
    firstComeFirstServed: { revenue: fcfs, shareOfOptimum: share(fcfs) },
    hindsight: { revenue: best, shareOfOptimum: share(best) },
    bookingLimits: bookingLimit,
  };
}
