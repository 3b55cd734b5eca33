import { InputError } from '../input-error';
import { computeDisplacementCost } from './bid-price';
import type { FareClass } from './fare-classes';

/** One night (or leg) a request uses: the units left and the forecast of the demand still to come. */
export interface NightInventory {
  night: string;
  unitsLeft: number;
  classes: readonly FareClass[];
}

/** A booking request: `units` units for every night listed, at `fare` per unit and night. */
export interface BookingRequest {
  units: number;
  fare: number;
  nights: readonly NightInventory[];
}

/** The decision on a request with its reason. */
export interface BookingDecision {
  decision: 'accept' | 'deny';
  /** fare × units × nights. */
  revenue: number;
  /** Sum over nights and units of the displacement cost of higher-fare demand. */
  displacementCost: number;
  nights: { night: string; unitsLeft: number; displacementCost: number }[];
  reason: string;
}

/**
 * Accepts a multi-unit, multi-night request when its revenue covers the expected revenue it
 * displaces from higher-fare demand on every night it uses (the bid-price / displacement test of
 * network revenue management, Talluri & van Ryzin 2004, ch. 3: accept when r ≥ Σ opportunity costs),
 * with the displacement of each unit from `computeDisplacementCost` at the units left after the
 * request's earlier units (x, x−1, …, x−u+1). Denies outright when a night lacks the units.
 */
export function decideBookingRequest(request: BookingRequest): BookingDecision {
  const { units, fare, nights } = request;
  if (!(Number.isInteger(units) && units >= 1))
    throw new InputError(`must be a whole number ≥ 1, got ${units}`, { field: 'units' });
  if (!(fare >= 0)) throw new InputError(`must be ≥ 0, got ${fare}`, { field: 'fare' });
  if (nights.length === 0) throw new InputError('a request needs at least one night', { field: 'nights' });
  const revenue = fare * units * nights.length;
  const perNight = nights.map((night) => {
    let cost = 0;
    for (let i = 0; i < units && i < night.unitsLeft; i++)
      cost += computeDisplacementCost(night.classes, fare, night.unitsLeft - i);
    return { night: night.night, unitsLeft: night.unitsLeft, displacementCost: cost };
  });
  const displacementCost = perNight.reduce((s, n) => s + n.displacementCost, 0);
  const full = perNight.find((n) => n.unitsLeft < units);
  if (full) {
    return {
      decision: 'deny',
      revenue,
      displacementCost,
      nights: perNight,
      reason: `only ${full.unitsLeft} unit(s) left on ${full.night}, ${units} asked`,
    };
  }
  const accept = revenue >= displacementCost;
  return {
    decision: accept ? 'accept' : 'deny',
    revenue,
    displacementCost,
    nights: perNight,
    reason: accept
      ? `revenue ${round2(revenue)} covers the ${round2(displacementCost)} expected from higher fares`
      : `revenue ${round2(revenue)} is below the ${round2(displacementCost)} expected from higher fares`,
  };
}

function round2(v: number): string {
  return v.toFixed(2);
}
