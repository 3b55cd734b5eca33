import type { AcquisitionCohort } from '../models/cohorts/acquisition';
import { monthLabel } from '../models/dates';
import type { CohortCell } from '../feeds/cohorts';

/**
 * Acquisition cohorts (the shape of `computeAcquisitionCohorts`) from the database's cohort cells:
 * each cohort's row runs from its month to `lastMonth` (month index), zero where nobody bought.
 */
export function buildCohorts(cells: readonly CohortCell[], lastMonth: number): AcquisitionCohort[] {
  const rows = new Map<number, { active: number[]; revenue: number[] }>();
  for (const cell of cells) {
    let row = rows.get(cell.cohort);
    if (!row) {
      const length = Math.max(lastMonth - cell.cohort + 1, 1);
      row = { active: new Array<number>(length).fill(0), revenue: new Array<number>(length).fill(0) };
      rows.set(cell.cohort, row);
    }
    if (cell.offset < row.active.length) {
      row.active[cell.offset] = cell.active;
      row.revenue[cell.offset] = cell.revenue;
    }
  }
  return [...rows]
    .sort(([a], [b]) => a - b)
    .map(([cohort, row]) => {
      const size = row.active[0] as number;
      return {
        cohort: monthLabel(cohort),
        size,
        active: row.active,
        retention: row.active.map((a) => (size === 0 ? Number.NaN : a / size)),
        revenue: row.revenue,
      };
    });
}
