import type { Figure } from './stats';

/** A figure a benchmark section must reach, where it was set, and what it compares with. */
export interface Target {
  /** The exact name of the figure it applies to. */
  figure: string;
  /** Short name for the table. */
  what: string;
  op: '>=' | '<';
  value: number;
  unit: string;
  /** Where the target was set. */
  source: string;
  /** The figure before the work and the peers' on the same machine, as the source quotes them. */
  before?: string;
  /**
   * For a rate: the load's label, whose "rate the measured CPU allows" figure is shown beside the rate
   * (on a machine shared with other work the rate moves with that work, the CPU per request much less).
   */
  load?: string;
  /** Loads measured in the same section to compare with (their rate, and the rate their CPU allows). */
  peers?: readonly { what: string; load: string }[];
}

/** The floor of the same stack (bench/api-floor.ts), measured beside the authenticated read. */
const FLOOR_PEERS = [
  { what: 'empty route', load: 'floor: empty route, 10 connections [postgres]' },
  { what: 'one row by key', load: 'floor: one row by key, one statement, 10 connections [postgres]' },
  {
    what: 'one row in a tenant transaction',
    load: 'floor: one row by key in a tenant transaction (withTenant), 10 connections [postgres]',
  },
] as const;

/** The read every API figure is about: the simplest authenticated read, as served (request log on). */
export const AUTH_READ = 'authenticated GET /api/users/:id, 10 connections, request log at info';
export const MIXED_LOAD =
  'mixed load, 40% search, 40% customer 360, 20% interactions recorded, 10 connections, request log at info [postgres, medium]';

/** Issue 20's targets for the API (`npm run bench`, PostgreSQL, the same 2-core machine). */
export const API_TARGETS: readonly Target[] = [
  {
    figure: `${AUTH_READ} [postgres]: requests/s`,
    what: 'authenticated read, PostgreSQL: rate',
    op: '>=',
    value: 3000,
    unit: 'req/s',
    source: 'issue 20',
    before: '341 req/s before; the same stack: about 35,000 on an empty route, 9,200 on a one-row lookup',
    load: `${AUTH_READ} [postgres]`,
    peers: FLOOR_PEERS,
  },
  {
    figure: `${AUTH_READ} [postgres]: p99 latency`,
    what: 'authenticated read, PostgreSQL: p99',
    op: '<',
    value: 20,
    unit: 'ms',
    source: 'issue 20',
    before: 'p50 28 ms before',
  },
  {
    figure: `${MIXED_LOAD}: requests/s`,
    what: 'mixed load, medium set, PostgreSQL: rate',
    op: '>=',
    value: 1500,
    unit: 'req/s',
    source: 'issue 20',
    before:
      "an outside tester's mixed load plateaued at 430-450 req/s before (their mix and set-up; this one has no earlier figure)",
    load: MIXED_LOAD,
  },
  {
    figure: `${MIXED_LOAD}: p99 latency`,
    what: 'mixed load, medium set, PostgreSQL: p99',
    op: '<',
    value: 100,
    unit: 'ms',
    source: 'issue 20',
  },
  {
    figure: `${AUTH_READ} [pglite]: requests/s`,
    what: 'authenticated read, embedded database: rate',
    op: '>=',
    value: 1000,
    unit: 'req/s',
    source: 'issue 20',
    before: '207 req/s before',
    load: `${AUTH_READ} [pglite]`,
  },
];

/** Whether a figure meets its target. */
export function meets(target: Target, value: number): boolean {
  return target.op === '>=' ? value >= target.value : value < target.value;
}

/**
 * The targets as a Markdown table: each with the figure measured in this section (or "not measured"),
 * whether it is met, and the figures it compares with.
 */
export function renderTargets(targets: readonly Target[], figures: readonly Figure[]): string[] {
  if (targets.length === 0) return [];
  const lines = [
    '| target | measured | met | before, and peers on this machine |',
    '| --- | ---: | :---: | --- |',
  ];
  for (const t of targets) {
    const f = figures.find((x) => x.name === t.figure);
    const goal = `${t.what} ${t.op === '>=' ? '≥' : '<'} ${t.value.toLocaleString('en-US')} ${t.unit} (${t.source})`;
    const allowed = t.load ? cpuBound(figures, t.load) : undefined;
    const measured = f
      ? `${formatValue(f.value)} ${f.unit}${allowed === undefined ? '' : ` (its CPU allows ${formatValue(allowed)})`}`
      : 'not measured';
    const met = f ? (meets(t, f.value) ? 'yes' : '**no**') : '–';
    const peers = (t.peers ?? []).flatMap((p) => {
      const rate = figures.find((x) => x.name === `${p.load}: requests/s`);
      const bound = cpuBound(figures, p.load);
      if (!rate) return [];
      return [
        `${p.what} ${formatValue(rate.value)}${bound === undefined ? '' : ` (CPU allows ${formatValue(bound)})`}`,
      ];
    });
    const compare = [t.before, peers.length > 0 ? `This run's floor, req/s: ${peers.join('; ')}` : undefined]
      .filter(Boolean)
      .join('. ');
    lines.push(`| ${goal} | ${measured} | ${met} | ${compare} |`);
  }
  return lines;
}

/** The "rate the measured CPU allows" figure of a load, if the section has it. */
function cpuBound(figures: readonly Figure[], load: string): number | undefined {
  return figures.find((x) => x.name.startsWith(`${load}: rate the measured CPU allows`))?.value;
}

export function formatValue(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}
