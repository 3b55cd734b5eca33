import { InputError } from '../input-error';

/** Sales of a segment at a price, with the variable cost of one unit. */
export interface SalesLine {
  segment: string;
  price: number;
  units: number;
  variableCostPerUnit: number;
}

/** Contribution of a group of sales. */
export interface Contribution {
  units: number;
  revenue: number;
  variableCost: number;
  /** revenue − variable cost. */
  contribution: number;
  /** contribution / revenue (NaN without revenue). */
  margin: number;
  /** contribution / units. */
  perUnit: number;
}

/** Contribution by segment, and by price within each segment, with fixed costs kept apart. */
export interface ContributionReport {
  segments: (Contribution & { segment: string; byPrice: (Contribution & { price: number })[] })[];
  total: Contribution;
  fixedCosts: number;
  /** total contribution − fixed costs. */
  operatingProfit: number;
}

/**
 * Contribution analysis (Nagle & Müller, "The Strategy and Tactics of Pricing", 6th ed. 2018): per segment and per price point, revenue − variable costs = contribution, its margin and
 * contribution per unit. Fixed costs are not allocated to segments — they do not change with the
 * volume a segment or a price brings — and are taken off only the total (operating profit).
 * Segments by descending contribution, prices ascending.
 */
export function computeContribution(lines: readonly SalesLine[], fixedCosts = 0): ContributionReport {
  if (!(Number.isFinite(fixedCosts) && fixedCosts >= 0))
    throw new InputError(`must be ≥ 0, got ${fixedCosts}`, { field: 'fixedCosts' });
  const bySegment = new Map<string, Map<number, SalesLine[]>>();
  lines.forEach((l, i) => {
    for (const field of ['price', 'units', 'variableCostPerUnit'] as const) {
      if (!(Number.isFinite(l[field]) && l[field] >= 0)) {
        throw new InputError(`must be a number ≥ 0, got ${l[field]}`, { line: i + 1, field });
      }
    }
    let prices = bySegment.get(l.segment);
    if (!prices) {
      prices = new Map();
      bySegment.set(l.segment, prices);
    }
    const group = prices.get(l.price);
    if (group) group.push(l);
    else prices.set(l.price, [l]);
  });
  const segments = [...bySegment.entries()].map(([segment, prices]) => {
    const byPrice = [...prices.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([price, group]) => ({ price, ...sum(group) }));
    return { segment, ...sum([...prices.values()].flat()), byPrice };
  });
  segments.sort((a, b) => b.contribution - a.contribution || (a.segment < b.segment ? -1 : 1));
  const total = sum(lines);
  return { segments, total, fixedCosts, operatingProfit: total.contribution - fixedCosts };
}

function sum(lines: readonly SalesLine[]): Contribution {
  let units = 0;
  let revenue = 0;
  let variableCost = 0;
  for (const l of lines) {
    units += l.units;
    revenue += l.units * l.price;
    variableCost += l.units * l.variableCostPerUnit;
  }
  const contribution = revenue - variableCost;
  return {
    units,
    revenue,
    variableCost,
    contribution,
    margin: revenue > 0 ? contribution / revenue : Number.NaN,
    perUnit: units > 0 ? contribution / units : Number.NaN,
  };
}
