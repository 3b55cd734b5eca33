import { InputError } from '../input-error';

/** What one date sold. */
export interface DailyInventory {
  date: string;
  /** Units that could be sold (rooms available). */
  available: number;
  /** Units sold (rooms occupied). */
  sold: number;
  /** Revenue of the units sold (room revenue). */
  revenue: number;
}

/** Yield figures of a date. */
export interface YieldFigures {
  date: string;
  /** sold / available. */
  occupancy: number;
  /** Average daily rate: revenue / sold (NaN with nothing sold). */
  adr: number;
  /** Revenue per available unit: revenue / available = occupancy × ADR. */
  revpar: number;
}

/**
 * Occupancy, ADR and RevPAR per date, the standard hotel yield figures (the industry's STR
 * definitions): occupancy = rooms sold / rooms
 * available, ADR = room revenue / rooms sold, RevPAR = room revenue / rooms available. The total row
 * (date 'total') sums the inputs first, so it is not an average of daily ratios.
 */
export function computeYieldFigures(days: readonly DailyInventory[]): {
  days: YieldFigures[];
  total: YieldFigures;
} {
  days.forEach((d, i) => {
    if (!(d.available > 0 && d.sold >= 0 && d.sold <= d.available && Number.isFinite(d.revenue))) {
      throw new InputError(
        `${d.date}: need available > 0 and 0 ≤ sold ≤ available, got ${d.sold} of ${d.available}`,
        {
          line: i + 1,
          field: 'sold',
        },
      );
    }
  });
  const figures = (date: string, available: number, sold: number, revenue: number): YieldFigures => ({
    date,
    occupancy: sold / available,
    adr: sold > 0 ? revenue / sold : Number.NaN,
    revpar: revenue / available,
  });
  let available = 0;
  let sold = 0;
  let revenue = 0;
  for (const d of days) {
    available += d.available;
    sold += d.sold;
    revenue += d.revenue;
  }
  return {
    days: days.map((d) => figures(d.date, d.available, d.sold, d.revenue)),
    total: figures('total', available, sold, revenue),
  };
}
