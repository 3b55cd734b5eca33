import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchAnalyticsFiles, writeOrderFile } from './analytics-files';

const HAVE_TIME = fs.existsSync('/usr/bin/time');

describe('the analytics-over-files benchmark', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-files-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes exactly the orders asked for, every customer at least once, in date order', () => {
    const file = path.join(dir, 'orders.csv');
    writeOrderFile(file, { customers: 300, orders: 2000 });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('customer_id,order_date,amount');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(2000);
    expect(new Set(rows.map((r) => r[0])).size).toBe(300);
    const dates = rows.map((r) => r[1] as string);
    expect(dates).toEqual([...dates].sort());
    for (const r of rows) expect(r[2]).toMatch(/^\d+\.\d\d$/);
  });

  // Shape only: timings are machine-dependent and not asserted.
  it.skipIf(!HAVE_TIME)(
    'runs rapport analyze over both files and reports each figure',
    async () => {
      const figures = await benchAnalyticsFiles({
        dir,
        runs: 1,
        sizes: { customers: 500, orders: 3000, summaryCustomers: 2000 },
        log: () => {},
      });
      expect(figures.map((f) => f.unit)).toEqual(['s', 's', 'MB', 'ms', 's', 's', 'MB']);
      for (const f of figures) expect([f.name, f.value > 0]).toEqual([f.name, true]);
      expect(figures[0]?.note).toContain('reduced sizes: targets do not apply');
    },
    120_000,
  );
});
