import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace } from '../../demo/index';
import { parseSummaryCsv } from '../../analytics/index';
import {
  missingDataMessage,
  publishedTolerance,
  readSharedData,
  relativeDifference,
  sharedDataPath,
} from '../../testing/shared-data';
import { openDatabase } from '../../db/index';
import { type CliResult, rapport as runRapport, spawnRapport } from '../../testing/cli';
import {
  createTestDatabase,
  createTestDataDir,
  type TestDatabase,
  testDatabaseKinds,
} from '../../testing/db';

/** The command in-process (the binary's own start-up and exit codes are tested in src/cli/cli.test.ts). */
const rapport = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
  runRapport(args, { LOG_LEVEL: 'silent', ...env });

/** This implementation's fits on the shared CDNOW files, pinned by the pure golden tests. */
const PINNED = {
  bgnbd: { r: 0.24259290690085183, alpha: 4.4135315664429955, a: 0.7928861141241071, b: 2.4257532725788895 },
  paretoNbd: { r: 0.553275519797492, alpha: 10.57761238492084, s: 0.606213508298295, beta: 11.6679092126225 },
  gammaGamma: { p: 6.248802507428106, q: 3.744588452650341, gamma: 15.447747957773245 },
};
/** Fader, Hardie & Lee (2005): BG/NBD and Gamma-Gamma on CDNOW. */
const PUBLISHED = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
};

function expectParams(got: Record<string, number>, want: Record<string, number>, relative: number): void {
  for (const [key, value] of Object.entries(want)) {
    expect([key, relativeDifference(got[key] as number, value) < relative]).toEqual([key, true]);
  }
}

/** Within 1e-3 of a published estimate, or half a unit of its last printed digit (the pure tests' rule). */
function expectPublished(got: Record<string, number>, want: Record<string, number>, decimals: number): void {
  for (const [key, value] of Object.entries(want)) {
    expect([key, Math.abs((got[key] as number) - value) <= publishedTolerance(value, decimals)]).toEqual([
      key,
      true,
    ]);
  }
}

const SUMMARY = 'cdnow_customers_summary_with_transactions.csv';
const SAMPLE = 'CDNOW_sample.txt';
const CDNOW = ['--customer-col', '2', '--date-col', '3', '--amount-col', '5', '--date-format', 'YYYYMMDD'];

describe('rapport analyze over files (no database)', () => {
  const summary = readSharedData(SUMMARY);
  const sample = readSharedData(SAMPLE);

  it.skipIf(!summary)(
    summary ? 'clv --summary reproduces the published CDNOW parameters' : missingDataMessage(SUMMARY),
    async () => {
      // The real binary once: a large JSON report through its standard output.
      const r = await spawnRapport(['analyze', 'clv', '--summary', sharedDataPath(SUMMARY)], {
        LOG_LEVEL: 'silent',
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expectParams(out.bgnbd, PINNED.bgnbd, 1e-3);
      expectParams(out.paretoNbd, PINNED.paretoNbd, 1e-3);
      expectParams(out.gammaGamma, PINNED.gammaGamma, 1e-3);
      // And the paper's estimates, printed to 3 (BG/NBD) and 2 (Gamma-Gamma) decimals.
      expectPublished(out.bgnbd, PUBLISHED.bgnbd, 3);
      expectPublished(out.gammaGamma, PUBLISHED.gammaGamma, 2);
      expect(out.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 1);
      expect(out.paretoNbd.logLikelihood).toBeCloseTo(-9595.0, 0);
      expect(out.customers).toHaveLength(2357);
      const first = out.customers[0];
      expect(first).toMatchObject({ customerId: '1', x: 2, tx: 30.43, T: 38.86 });
      expect(first.pAlive).toBeGreaterThan(0);
      expect(first.pAlive).toBeLessThan(1);
      expect(first.clv).toBeGreaterThan(0);
    },
  );

  it.skipIf(!summary)(
    summary
      ? 'clv --summary without a spend column fits the purchase models only'
      : missingDataMessage(SUMMARY),
    async () => {
      const r = await rapport(['analyze', 'clv', '--summary', sharedDataPath('cdnow_customers_summary.csv')]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expectParams(out.bgnbd, PINNED.bgnbd, 1e-3);
      expect(out.gammaGamma).toBeNull();
      expect(out.customers[0].clv).toBeNull();
    },
  );

  it.skipIf(!sample || !summary)(
    sample ? 'clv --transactions builds the published CDNOW summary and fits it' : missingDataMessage(SAMPLE),
    async () => {
      const r = await rapport([
        'analyze',
        'clv',
        '--transactions',
        sharedDataPath(SAMPLE),
        ...CDNOW,
        '--calibration-end',
        '1997-09-30',
        '--as-of',
        '1998-06-30',
      ]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      // The summary the command built equals cdnow_customers_summary.csv (printed to 2 decimals).
      const published = parseSummaryCsv(readSharedData('cdnow_customers_summary.csv') as string, {
        customerId: 'ID',
        x: 'frequency',
        tx: 'recency',
        T: 'T',
      });
      const built = new Map(
        out.customers.map((c: { customerId: string; x: number; tx: number; T: number }) => [
          Number(c.customerId),
          c,
        ]),
      );
      expect(built.size).toBe(published.length);
      for (const p of published) {
        const c = built.get(Number(p.customerId)) as { x: number; tx: number; T: number };
        expect([p.customerId, c.x, Math.round(c.tx * 100) / 100, Math.round(c.T * 100) / 100]).toEqual([
          p.customerId,
          p.x,
          p.tx,
          p.T,
        ]);
      }
      expectPublished(out.bgnbd, PUBLISHED.bgnbd, 3);
      // Holdout: 39 weeks after 1997-09-30; predicted and actual purchases per frequency group.
      expect(out.holdout.holdoutLength).toBe(39);
      expect(out.holdout.groups).toHaveLength(8);
      expect(out.holdout.actual).toBeGreaterThan(0);
      expect(Math.abs(out.holdout.predicted / out.holdout.actual - 1)).toBeLessThan(0.25);
    },
  );

  it.skipIf(!sample)(
    sample ? 'rfm, profitability and churn run over the transaction file' : missingDataMessage(SAMPLE),
    async () => {
      const rfm = JSON.parse(
        (await rapport(['analyze', 'rfm', '--transactions', sharedDataPath(SAMPLE), ...CDNOW])).stdout,
      );
      expect(rfm.asOf).toBe('1998-06-30');
      expect(rfm.customers).toBe(2357);
      expect(rfm.segments.reduce((s: number, g: { customers: number }) => s + g.customers, 0)).toBe(2357);
      expect(rfm.topRevenueShare).toBeGreaterThan(0.2);
      const profit = JSON.parse(
        (await rapport(['analyze', 'profitability', '--transactions', sharedDataPath(SAMPLE), ...CDNOW]))
          .stdout,
      );
      expect(profit.customers).toBe(2357);
      expect(profit.totals.revenue).toBeCloseTo(rfm.revenue, 6);
      const churn = JSON.parse(
        (
          await rapport([
            'analyze',
            'churn',
            '--transactions',
            sharedDataPath(SAMPLE),
            ...CDNOW,
            '--as-of',
            '1997-09-30',
          ])
        ).stdout,
      );
      expect(churn.asOf).toBe('1997-09-30');
      expectPublished(churn.bgnbd, PUBLISHED.bgnbd, 3);
      expect(churn.cohorts[0]).toMatchObject({ cohort: '1997-01' });
      expect(churn.customers).toHaveLength(2357);
    },
  );

  describe('bad input: a message naming the line, field or option, and exit code 2', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-analyze-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      return f;
    };
    const csv = ['--customer-col', 'id', '--date-col', 'date', '--amount-col', 'amount'];

    it.each([
      ['an unparsable date', 'id,date,amount\n1,2020-01-01,10\n2,2020-13-01,5\n', 'line 3, field date'],
      ['an unparsable amount', 'id,date,amount\n1,2020-01-01,10\n2,2020-01-02,ten\n', 'line 3, field amount'],
      [
        'a negative amount',
        'id,date,amount\n1,2020-01-01,10\n2,2020-01-02,-4\n',
        'line 3, field amount: negative',
      ],
      ['an empty file', '', 'empty file'],
      [
        'only one purchase per customer',
        'id,date,amount\n1,2020-01-01,10\n2,2020-01-02,4\n',
        'no customer has a repeat purchase',
      ],
    ])('%s', async (_what, text, message) => {
      const r = await rapport(['analyze', 'clv', '--transactions', file('t.csv', text), ...csv]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    });

    it('a model that cannot converge says so with its last state, and prints no numbers', async () => {
      // Three customers buying every week up to the last day: nobody drops out, so BG/NBD's dropout
      // probability runs off to 0 and the fit has no interior maximum.
      const weekly = ['id,date,amount'];
      for (const id of [1, 2, 3]) {
        for (const day of ['2020-01-01', '2020-01-08', '2020-01-15', '2020-01-22'])
          weekly.push(`${id},${day},10`);
      }
      const r = await rapport([
        'analyze',
        'clv',
        '--transactions',
        file('weekly.csv', `${weekly.join('\n')}\n`),
        ...csv,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/BG\/NBD fit did not converge after \d+ iterations/);
      expect(r.stderr).toMatch(/last parameters \(natural scale\): \[[^\]]+\]/);
      expect(r.stdout).toBe('');
    });

    it('a calibration date outside the data, a bad date option, a missing column, a missing file', async () => {
      const t = file('ok.csv', 'id,date,amount\n1,2020-01-01,10\n1,2020-02-01,5\n2,2020-01-05,3\n');
      const outside = await rapport([
        'analyze',
        'clv',
        '--transactions',
        t,
        ...csv,
        '--calibration-end',
        '2021-01-01',
      ]);
      expect([outside.code, outside.stderr]).toEqual([2, expect.stringContaining('--calibration-end')]);
      expect(outside.stderr).toContain('outside the data');
      const bad = await rapport(['analyze', 'rfm', '--transactions', t, ...csv, '--as-of', '2020-02-30']);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--as-of must be a date')]);
      const column = await rapport([
        'analyze',
        'rfm',
        '--transactions',
        t,
        '--customer-col',
        'who',
        '--date-col',
        'date',
      ]);
      expect([column.code, column.stderr]).toEqual([2, expect.stringContaining('field who')]);
      const missing = await rapport(['analyze', 'rfm', '--transactions', path.join(dir, 'nope.csv'), ...csv]);
      expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('cannot read')]);
      const number = await rapport(['analyze', 'clv', '--transactions', t, ...csv, '--clv-months', 'twelve']);
      expect([number.code, number.stderr]).toEqual([
        2,
        expect.stringContaining('--clv-months: "twelve" is not a number'),
      ]);
      const summary = await rapport(['analyze', 'clv', '--summary', t]);
      expect([summary.code, summary.stderr]).toEqual([2, expect.stringContaining('no frequency column')]);
      const unknown = await rapport(['analyze', 'basket', '--transactions', t, ...csv]);
      expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown analysis')]);
    });
  });
});

for (const kind of testDatabaseKinds) {
  describe(`rapport analyze over the database [${kind}]`, () => {
    let dataDir: string | undefined;
    let server: TestDatabase | undefined;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      const seed = async (database: Parameters<typeof seedWorkspace>[0]) =>
        seedWorkspace(database, {
          size: { customers: 150 },
          workspaceSlug: 'shop',
          endDate: new Date('2024-07-01T00:00:00Z'),
        });
      if (kind === 'postgres') {
        server = await createTestDatabase('postgres');
        await seed(server);
        env = { DATABASE_URL: server.url };
        return;
      }
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-analyze-db-'));
      env = { RAPPORT_DATA_DIR: dataDir, DATABASE_URL: '' };
      await createTestDataDir(dataDir);
      const database = await openDatabase({ kind: 'pglite', dataDir });
      try {
        await seed(database);
      } finally {
        await database.close();
      }
    });
    afterAll(async () => {
      await server?.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('prints the JSON report of a workspace, and a short summary without --json', async () => {
      const json = await rapport(
        ['analyze', 'rfm', '--json', '--workspace', 'shop', '--as-of', '2024-06-30', '--limit', '5'],
        env,
      );
      expect(json.stderr).toBe('');
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout);
      expect(report.asOf).toBe('2024-06-30');
      expect(report.customers).toBeGreaterThan(100);
      expect(report.detail.items).toHaveLength(5);
      const text = await rapport(
        ['analyze', 'profitability', '--workspace', 'shop', '--as-of', '2024-06-30'],
        env,
      );
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^Profitability to 2024-06-30: \d+ customers/);
      expect(text.stdout).toContain('whale curve peaks');
    });

    it('runs every analysis with --json over the workspace, as the API does', async () => {
      // One after another: the embedded database's folder admits one process at a time.
      const reports: ReturnType<typeof JSON.parse>[] = [];
      for (const name of ['profitability', 'clv', 'churn', 'cohorts', 'channels', 'share-of-wallet']) {
        const r = await rapport(
          ['analyze', name, '--json', '--workspace', 'shop', '--as-of', '2024-06-30', '--limit', '3'],
          env,
        );
        expect([name, r.code, r.stderr]).toEqual([name, 0, '']);
        reports.push(JSON.parse(r.stdout));
      }
      const [profit, clv, churn, cohorts, channels, wallet] = reports;
      expect(profit.whaleCurve.peak.profitShare).toBeGreaterThan(0);
      expect(profit.deciles).toHaveLength(10);
      expect(profit.shares).toEqual({ top: expect.any(Number), bottom: expect.any(Number) });
      expect(clv.model.bgnbd).toMatchObject({ r: expect.any(Number), alpha: expect.any(Number) });
      expect(clv.detail.items[0]).toMatchObject({ pAlive: expect.any(Number), clv: expect.any(Number) });
      expect(churn.cohorts.length).toBeGreaterThan(0);
      expect(churn.detail.items[0].churnRisk).toBeCloseTo(1 - churn.detail.items[0].pAlive, 12);
      expect(cohorts.cohorts[0].retention[0]).toBe(1);
      expect(channels.customers).toBeGreaterThan(0);
      expect(wallet.asOf).toBe('2024-06-30');
    });

    it('rfm --segment-map segments the workspace with a score map file; tieOrder is text for person ids', async () => {
      const map = path.join(dataDir ?? os.tmpdir(), `map-${kind}.json`);
      fs.writeFileSync(
        map,
        JSON.stringify([{ segment: 'best', r: [4, 5], f: [4, 5] }, { segment: 'others' }]),
      );
      const r = await rapport(
        ['analyze', 'rfm', '--json', '--workspace', 'shop', '--as-of', '2024-06-30', '--segment-map', map],
        env,
      );
      expect([r.code, r.stderr]).toEqual([0, '']);
      const report = JSON.parse(r.stdout);
      expect(report.segments.map((s: { segment: string }) => s.segment)).toEqual(['best', 'others']);
      expect(report.segments[0].customers + report.segments[1].customers).toBe(report.customers);
      expect(report.tieOrder).toBe('text');
      fs.rmSync(map, { force: true });
    });

    it('names a missing workspace and a bad option', async () => {
      const missing = await rapport(['analyze', 'churn', '--workspace', 'nope'], env);
      expect([missing.code, missing.stderr]).toEqual([
        2,
        expect.stringContaining('Workspace "nope" not found'),
      ]);
      const bad = await rapport(['analyze', 'clv', '--workspace', 'shop', '--horizon-weeks', '0'], env);
      expect([bad.code, bad.stderr]).toEqual([
        2,
        expect.stringContaining('--horizon-weeks must be a whole number'),
      ]);
    });
  });
}
