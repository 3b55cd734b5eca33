import { InputError } from '../input-error';
import { regularizedIncompleteBeta } from '../math/incomplete-beta';

/** Inputs of the overbooking rule. */
export interface OverbookingInput {
  /** Units that can be served (rooms, seats). */
  capacity: number;
  /** Probability that a booking shows up (1 − no-show and cancellation rate), in (0, 1]. */
  showProbability: number;
  /** Revenue of one more booking. */
  revenue: number;
  /** Cost of denying service to one customer who shows up (walk cost, compensation, goodwill). */
  deniedCost: number;
}

/** The booking limit with what it risks. */
export interface OverbookingLimit {
  /** Bookings to accept (≥ capacity). */
  limit: number;
  /** The critical fractile r / (q·D): overbook while P(shows of the others ≥ C) stays at or below it. */
  criticalRatio: number;
  /** P(more shows than capacity) at the limit. */
  denialProbability: number;
  /** Expected customers denied at the limit. */
  expectedDenied: number;
}

/** P(X ≥ k) for X ~ Binomial(m, q), as I_q(k, m − k + 1) (A&S 26.5.24). */
export function binomialUpperTail(m: number, q: number, k: number): number {
  if (k <= 0) return 1;
  if (k > m) return 0;
  if (q >= 1) return 1;
  if (q <= 0) return 0;
  return regularizedIncompleteBeta(q, k, m - k + 1);
}

/**
 * Static overbooking with binomial show-ups (Talluri & van Ryzin 2004, "The Theory and Practice of
 * Revenue Management", ch. 4, the one-class static model; Beckmann 1958, "Decision and team
 * problems in airline reservations", Econometrica 26(1)): each of b bookings shows
 * independently with probability q. The (b+1)-th booking adds revenue r and, if it shows while at
 * least C of the first b show, a denied-service cost D, so it is worth taking while
 *   r ≥ D · q · P(Bin(b, q) ≥ C),
 * the critical-fractile (newsvendor) rule P(Bin(b, q) ≥ C) ≤ r/(qD). The limit is the first b ≥ C
 * where the next booking fails the test. When r ≥ qD every booking passes and the search stops at its
 * cap of 100·C + 100 bookings.
 */
export function computeOverbookingLimit(input: OverbookingInput): OverbookingLimit {
  const { capacity, showProbability: q, revenue, deniedCost } = input;
  if (!(Number.isInteger(capacity) && capacity >= 1)) {
    throw new InputError(`must be a whole number ≥ 1, got ${capacity}`, { field: 'capacity' });
  }
  if (!(q > 0 && q <= 1)) throw new InputError(`must be in (0, 1], got ${q}`, { field: 'showProbability' });
  if (!(revenue > 0)) throw new InputError(`must be > 0, got ${revenue}`, { field: 'revenue' });
  if (!(deniedCost > 0)) throw new InputError(`must be > 0, got ${deniedCost}`, { field: 'deniedCost' });
  const ratio = revenue / (q * deniedCost);
  const cap = 100 * capacity + 100;
  let b = capacity;
  while (b < cap && binomialUpperTail(b, q, capacity) <= ratio) b++;
  let expectedDenied = 0;
  for (let shows = capacity + 1; shows <= b; shows++) expectedDenied += binomialUpperTail(b, q, shows);
  return {
    limit: b,
    criticalRatio: ratio,
    denialProbability: binomialUpperTail(b, q, capacity + 1),
    expectedDenied,
  };
}

/**
 * Show-up probability from past bookings: the share that neither cancelled nor failed to show
 * (with `canceled` counting cancellations and no-shows together, as hotel data's is_canceled does).
 */
export function estimateShowProbability(bookings: number, canceled: number): number {
  if (!(bookings > 0 && canceled >= 0 && canceled <= bookings)) {
    throw new InputError(`need 0 ≤ canceled ≤ bookings and bookings > 0, got ${canceled} of ${bookings}`, {
      field: 'canceled',
    });
  }
  return 1 - canceled / bookings;
}
