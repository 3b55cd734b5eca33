import { describe, expect, it } from 'vitest';
import { type LoadResult, loadFigures } from './load';
import { seedProgress } from './seed-progress';
import { API_TARGETS, AUTH_READ, MIXED_LOAD, renderTargets } from './targets';

const run = (requestsPerSecond: number, p99: number): LoadResult => ({
  requestsPerSecond,
  p50: p99 / 2,
  p99,
  p999: p99 * 2,
  requests: requestsPerSecond * 5,
  errors: 0,
  cpuMsPerRequest: { server: 0.2, database: 0.1, client: 0.1 },
});

describe('the API targets', () => {
  it('name figures that the load figures of the API benchmark produce', () => {
    const names = [
      ...loadFigures(`${AUTH_READ} [postgres]`, [run(3000, 10)], 2),
      ...loadFigures(`${AUTH_READ} [pglite]`, [run(1000, 10)], 2),
      ...loadFigures(MIXED_LOAD, [run(1500, 10)], 2),
    ].map((f) => f.name);
    for (const t of API_TARGETS) expect(names).toContain(t.figure);
  });

  it('say of each target what was measured and whether it is met, and "not measured" when absent', () => {
    const figures = [
      ...loadFigures(`${AUTH_READ} [postgres]`, [run(2900, 30), run(3100, 12), run(3200, 15)], 2),
      ...loadFigures(MIXED_LOAD, [run(1600, 80)], 2),
      ...loadFigures('floor: empty route, 10 connections [postgres]', [run(12000, 3)], 2),
    ];
    const table = renderTargets(API_TARGETS, figures).join('\n');
    expect(table).toContain(
      '| authenticated read, PostgreSQL: rate ≥ 3,000 req/s (issue 20) | 3,100 req/s (its CPU allows 5,000) | yes |',
    );
    // The floor measured beside it, where the section has it (here the empty route only).
    expect(table).toContain(
      "9,200 on a one-row lookup. This run's floor, req/s: empty route 12,000 (CPU allows 5,000) |",
    );
    expect(table).toContain('| authenticated read, PostgreSQL: p99 < 20 ms (issue 20) | 15.00 ms | yes |');
    expect(table).toContain(
      '| mixed load, medium set, PostgreSQL: p99 < 100 ms (issue 20) | 80.00 ms | yes |',
    );
    expect(table).toContain(
      '| authenticated read, embedded database: rate ≥ 1,000 req/s (issue 20) | not measured | – |',
    );
    const slow = renderTargets(API_TARGETS, loadFigures(MIXED_LOAD, [run(600, 150)], 2)).join('\n');
    expect(slow).toContain(
      '| mixed load, medium set, PostgreSQL: rate ≥ 1,500 req/s (issue 20) | 600 req/s (its CPU allows 5,000) | **no** |',
    );
  });

  it('bound the rate by the CPU measured: one core for the server process, the cores for all sides', () => {
    const figures = loadFigures('x', [run(1000, 10)], 2);
    // server 0.2 ms → 5,000/s on its core; all sides 0.4 ms on 2 cores → 5,000/s.
    expect(figures.find((f) => f.name.startsWith('x: rate the measured CPU allows'))?.value).toBe(5000);
  });
});

describe('seed progress', () => {
  it('logs customers loaded of the total, the rate and the time left, at most once per interval', () => {
    const lines: string[] = [];
    const stream = { isTTY: false } as NodeJS.WriteStream;
    const progress = seedProgress(1000, (l) => lines.push(l), { stream, logEveryMs: 0 });
    progress.onProgress('people', 250);
    progress.onProgress('identities', 700);
    progress.stop();
    expect(lines[0]).toMatch(/^seeding: 250\/1,000 customers \(25%\), 250 rows, [\d,]+ rows\/s, \d+ s left$/);
    expect(lines[1]).toMatch(/^seeding: 250\/1,000 customers \(25%\), 950 rows/);
    const quiet: string[] = [];
    const slow = seedProgress(1000, (l) => quiet.push(l), { stream, logEveryMs: 60_000 });
    slow.onProgress('people', 500);
    expect(quiet).toEqual([]);
  });
});
