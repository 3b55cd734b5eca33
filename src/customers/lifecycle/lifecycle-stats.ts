/**
 * Lifecycle measures as pure functions: stays in a stage from a person's recorded stage changes,
 * and the funnel of a period (entries per stage, time in stage, conversion to the next stage).
 * Times are in seconds.
 */
import { LIFECYCLE_STAGES, type LifecycleStage } from '../tables';

export type Seconds = number & { readonly unit?: 'seconds' };

/** One recorded stage change of a person, in time order. */
export interface StageChange {
  from: LifecycleStage | null;
  to: LifecycleStage;
  at: Date;
}

/** A person's time in one stage: from entering it to the next change (or to now, while current). */
export interface Stay {
  stage: LifecycleStage;
  enteredAt: Date;
  leftAt: Date | null;
  /** The stage the person went to next; null while still in this one. */
  nextStage: LifecycleStage | null;
  /** Time in the stage: to leftAt, or to `asOf` while current. */
  seconds: Seconds;
}

const secondsBetween = (a: Date, b: Date): Seconds => Math.max(0, (b.getTime() - a.getTime()) / 1000);

/** Each change opens a stay that the next change closes; the last stay is open until `asOf`. */
export function staysOf(changes: readonly StageChange[], asOf: Date): Stay[] {
  return changes.map((change, i) => {
    const next = changes[i + 1];
    return {
      stage: change.to,
      enteredAt: change.at,
      leftAt: next?.at ?? null,
      nextStage: next?.to ?? null,
      seconds: secondsBetween(change.at, next?.at ?? asOf),
    };
  });
}

/** Total time per stage over a person's stays (a stage entered twice counts both times). */
export function timeInStage(stays: readonly Stay[]): Partial<Record<LifecycleStage, Seconds>> {
  const total: Partial<Record<LifecycleStage, Seconds>> = {};
  for (const s of stays) total[s.stage] = (total[s.stage] ?? 0) + s.seconds;
  return total;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A stay as the funnel reads it: where it went next and after how long, if it ended. */
export interface FunnelStay {
  stage: LifecycleStage;
  nextStage: LifecycleStage | null;
  /** Time in the stage; null while the stay goes on. */
  seconds: Seconds | null;
}

export interface StageFunnel {
  stage: LifecycleStage;
  /** Entries into the stage in the period. */
  entered: number;
  /** Of those, how many have moved on since (to any stage). */
  exited: number;
  /** Of those, how many are still in the stage. */
  stillIn: number;
  /** Time in the stage of the entries that have moved on (entries still in the stage are not counted). */
  medianSeconds: Seconds | null;
  meanSeconds: Seconds | null;
  /** Where the entries went next: count and share of `entered`, most first. */
  conversions: { to: LifecycleStage; count: number; rate: number }[];
  /** Share of `entered` that moved on to a later stage of the lifecycle (not back, not churned). */
  advanceRate: number | null;
}

const ORDER = new Map(LIFECYCLE_STAGES.map((s, i) => [s, i]));
const isAdvance = (from: LifecycleStage, to: LifecycleStage) =>
  to !== 'churned' && (ORDER.get(to) ?? 0) > (ORDER.get(from) ?? 0);

/**
 * The funnel of the stays that began in a period (the caller selects them), followed to today:
 * per stage in lifecycle order, entries, exits, median and mean time in stage of the exits, and
 * the share of entries that went on to each next stage. Rates are rounded to 4 decimals.
 */
export function lifecycleFunnel(stays: readonly FunnelStay[]): StageFunnel[] {
  return LIFECYCLE_STAGES.map((stage) => {
    const of = stays.filter((s) => s.stage === stage);
    const exits = of.filter((s) => s.seconds !== null && s.nextStage !== null);
    const durations = exits.map((s) => Math.max(0, s.seconds as number));
    const next = new Map<LifecycleStage, number>();
    for (const s of exits)
      next.set(s.nextStage as LifecycleStage, (next.get(s.nextStage as LifecycleStage) ?? 0) + 1);
    const rate = (n: number) => (of.length === 0 ? 0 : Math.round((n / of.length) * 10_000) / 10_000);
    const advanced = exits.filter((s) => isAdvance(stage, s.nextStage as LifecycleStage)).length;
    return {
      stage,
      entered: of.length,
      exited: exits.length,
      stillIn: of.length - exits.length,
      medianSeconds: median(durations),
      meanSeconds: mean(durations),
      conversions: [...next.entries()]
        .sort((a, b) => b[1] - a[1] || (ORDER.get(a[0]) ?? 0) - (ORDER.get(b[0]) ?? 0))
        .map(([to, count]) => ({ to, count, rate: rate(count) })),
      advanceRate: of.length === 0 ? null : rate(advanced),
    };
  });
}
