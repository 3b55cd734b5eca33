import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { Command, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as analytics from '../../analytics/index';
import { type CliResult, rapport as runRapport } from '../../testing/cli';
import { buildProgram } from '../program';
import {
  ANALYSES,
  type AnalysisSpec,
  COMMON_OPTIONS,
  flagOf,
  INPUT_OPTIONS,
  type Input,
  inputsOf,
  optionInputs,
} from './analyses';
import { summaryFileOf, transactionFileOf, workspaceOf } from './analyze';

const rapport = (args: string[]): Promise<CliResult> => runRapport(args, { LOG_LEVEL: 'silent' });

/** The keys `read` takes from an options object. */
function keysRead(read: (options: Record<string, unknown>) => unknown): string[] {
  const keys = new Set<string>();
  const probe = new Proxy({} as Record<string, unknown>, {
    get: (_, key) => {
      if (typeof key === 'string') keys.add(key);
      return key === 'customerCol' || key === 'dateCol' ? 'x' : undefined;
    },
  });
  read(probe);
  return [...keys].sort();
}

/** Where the table and an analysis disagree: an option read but not declared, or declared but never read. */
function mismatches(spec: AnalysisSpec): string[] {
  const out: string[] = [];
  for (const input of inputsOf(spec)) {
    const declared = Object.entries(spec.options)
      .filter(([, option]) => optionInputs(spec, option).includes(input))
      .map(([key]) => key)
      .sort();
    const read = keysRead((o) =>
      spec.inputs[input]?.args(o as Parameters<NonNullable<AnalysisSpec['inputs'][Input]>['args']>[0]),
    );
    for (const key of read)
      if (!declared.includes(key)) out.push(`${spec.name} ${input}: reads undeclared ${key}`);
    for (const key of declared)
      if (!read.includes(key)) out.push(`${spec.name} ${input}: never reads ${key}`);
    if (typeof (analytics as Record<string, unknown>)[spec.inputs[input]?.call as string] !== 'function')
      out.push(`${spec.name} ${input}: calls no analytics function`);
  }
  for (const [key, option] of Object.entries(spec.options))
    if (optionInputs(spec, option).length === 0) out.push(`${spec.name}: ${key} applies to no input`);
  return out;
}

function analyzeCommands(): readonly Command[] {
  const io = {
    env: {},
    stdin: Readable.from([]),
    stdout: new Writable({ write: (_c, _e, done) => done() }),
    stderr: new Writable({ write: (_c, _e, done) => done() }),
  };
  const analyze = buildProgram(io).commands.find((c) => c.name() === 'analyze') as Command;
  return analyze.commands;
}

describe('rapport analyze, built from the table of analyses', () => {
  it('reads every option it declares and declares every option it reads, for each input', () => {
    expect(ANALYSES.flatMap(mismatches)).toEqual([]);
    // The command's own options: each input's reader takes exactly its declared options.
    expect(keysRead((o) => transactionFileOf(o))).toEqual(Object.keys(INPUT_OPTIONS.transactions).sort());
    expect(keysRead((o) => summaryFileOf(o))).toEqual(Object.keys(INPUT_OPTIONS.summary).sort());
    expect(keysRead((o) => workspaceOf(o))).toEqual(Object.keys(INPUT_OPTIONS.database).sort());
  });

  it('fails on a planted mismatch', () => {
    const [rfm] = ANALYSES as [AnalysisSpec];
    const reading = {
      ...rfm,
      inputs: {
        database: { call: 'analyzeRfm', args: (o: Record<string, unknown>) => ({ x: o.undeclared }) },
      },
    } as unknown as AnalysisSpec;
    expect(mismatches(reading)).toContain('rfm database: reads undeclared undeclared');
    expect(mismatches(reading)).toContain('rfm database: never reads segmentMap');
  });

  it('builds one subcommand per analysis with exactly its declared options, flags, defaults and choices', () => {
    const commands = analyzeCommands();
    expect(commands.map((c) => c.name())).toEqual(ANALYSES.map((a) => a.name));
    for (const spec of ANALYSES) {
      const command = commands.find((c) => c.name() === spec.name) as Command;
      const declared = {
        ...COMMON_OPTIONS,
        ...Object.assign({}, ...inputsOf(spec).map((i: Input) => INPUT_OPTIONS[i])),
        ...spec.options,
      };
      const built = command.options as readonly Option[];
      expect([spec.name, built.map((o) => o.attributeName()).sort()]).toEqual([
        spec.name,
        Object.keys(declared).sort(),
      ]);
      for (const option of built) {
        const want = declared[option.attributeName()];
        expect([spec.name, option.long, option.defaultValue, option.argChoices]).toEqual([
          spec.name,
          flagOf(option.attributeName()),
          want.default,
          Array.isArray(want.kind) ? [...want.kind] : undefined,
        ]);
      }
    }
  });
});

describe('options of rapport analyze that were handled but not declared', () => {
  let dir: string;
  const csv = ['--customer-col', 'id', '--date-col', 'date', '--amount-col', 'amount'];
  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-analyses-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const orders = () => {
    const lines = ['id,date,qty,amount'];
    for (let c = 1; c <= 10; c++)
      for (let k = 0; k < c; k++) lines.push(`${c},2024-0${1 + (k % 5)}-1${c % 10},1,${c * 10}`);
    return file('orders.csv', `${lines.join('\n')}\n`);
  };

  it('--segment-map: segments from a JSON score map file; a bad rule names its place', async () => {
    const map = file('map.json', JSON.stringify([{ segment: 'top', m: [4, 5] }, { segment: 'rest' }]));
    const r = await rapport(['analyze', 'rfm', '--transactions', orders(), ...csv, '--segment-map', map]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const report = JSON.parse(r.stdout);
    expect(
      report.segments.map((s: { segment: string; customers: number }) => [s.segment, s.customers]),
    ).toEqual([
      ['top', 4],
      ['rest', 6],
    ]);
    const bad = file('bad.json', JSON.stringify([{ segment: 'top', m: [5, 9] }]));
    const refused = await rapport([
      'analyze',
      'rfm',
      '--transactions',
      orders(),
      ...csv,
      '--segment-map',
      bad,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--segment-map[0].m');
    const missing = await rapport([
      'analyze',
      'rfm',
      '--transactions',
      orders(),
      ...csv,
      '--segment-map',
      'nope.json',
    ]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringContaining('--segment-map: cannot read nope.json'),
    ]);
  });

  it('--quantity-col: a negative quantity is refused naming its line; without the option it is not read', async () => {
    const text = 'id,date,qty,amount\n1,2024-01-01,2,10\n2,2024-01-02,-1,5\n1,2024-01-03,1,7\n';
    const f = file('returns.csv', text);
    const refused = await rapport(['analyze', 'rfm', '--transactions', f, ...csv, '--quantity-col', 'qty']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('line 3, field qty: negative quantity -1 is not a purchase');
    const bad = await rapport(['analyze', 'rfm', '--transactions', f, ...csv, '--quantity-col', 'units']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('field units: no such column')]);
    const ignored = await rapport(['analyze', 'rfm', '--transactions', f, ...csv]);
    expect([ignored.code, JSON.parse(ignored.stdout).customers]).toEqual([0, 2]);
  });

  it('refuses an option of another input, and an option an analysis does not have', async () => {
    const page = await rapport(['analyze', 'rfm', '--transactions', orders(), ...csv, '--page', '2']);
    expect([page.code, page.stderr]).toEqual([
      2,
      expect.stringContaining('--page applies to the database, not to --transactions'),
    ]);
    const cohorts = await rapport(['analyze', 'cohorts', '--transactions', orders()]);
    expect([cohorts.code, cohorts.stderr]).toEqual([
      1,
      expect.stringContaining("unknown option '--transactions'"),
    ]);
    const none = await rapport(['analyze']);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('name an analysis')]);
  });

  it('states the tie rule in the text output of RFM', () => {
    const rfm = ANALYSES.find((a) => a.name === 'rfm') as AnalysisSpec;
    const text = (tieOrder: string) =>
      rfm.describe?.({
        asOf: '2024-01-01',
        customers: 1,
        revenue: 1,
        topRevenueShare: 1,
        segments: [],
        tieOrder,
      });
    expect(text('numeric')).toContain(
      'Ties: equal values rank by customer id in numeric order (every id is a number).',
    );
    expect(text('text')).toContain('Ties: equal values rank by customer id in text order (code units).');
  });
});

describe('clv over a summary file: --models, and rows numbered without an id column', () => {
  let dir: string;
  let summary: string;
  let noIds: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-summary-'));
    const histories = analytics.simulateHistories(3000, 2);
    const rows = histories.map((h) => [h.x, h.tx.toFixed(2), h.T.toFixed(2), h.monetaryValue.toFixed(2)]);
    summary = path.join(dir, 'with-ids.csv');
    fs.writeFileSync(
      summary,
      `customer_id,frequency,recency,T,monetary_value\n${rows.map((r, i) => `${1000 + i},${r.join(',')}`).join('\n')}\n`,
    );
    noIds = path.join(dir, 'no-ids.csv');
    fs.writeFileSync(
      noIds,
      `frequency,recency,T,monetary_value\n${rows.map((r) => r.join(',')).join('\n')}\n`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fits only the models asked for', async () => {
    const r = await rapport(['analyze', 'clv', '--summary', summary, '--models', 'bgnbd,gamma-gamma']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout);
    expect(out.models).toEqual(['bgnbd', 'gamma-gamma']);
    expect(out.paretoNbd).toBeNull();
    expect(out.bgnbd.r).toBeGreaterThan(0);
    expect(out.customers[0]).toMatchObject({
      customerId: '1000',
      paretoPAlive: null,
      clv: expect.any(Number),
    });
    const all = JSON.parse((await rapport(['analyze', 'clv', '--summary', summary])).stdout);
    expect(all.models).toEqual(['bgnbd', 'pareto', 'gamma-gamma']);
    expect(all.customers[0].paretoPAlive).toBeGreaterThan(0);
    const unknown = await rapport(['analyze', 'clv', '--summary', summary, '--models', 'bgnbd,nbd']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      expect.stringContaining('--models: unknown model "nbd": use bgnbd, pareto, gamma-gamma'),
    ]);
  });

  it('numbers the customers of a summary without an id column, and says so', async () => {
    const r = await rapport(['analyze', 'clv', '--summary', noIds, '--models', 'bgnbd']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'has no customer id column: customers are numbered by data row (1 = the first)',
    );
    const out = JSON.parse(r.stdout);
    expect(out.customerIdColumn).toBeNull();
    const ids = out.customers.map((c: { customerId: string }) => c.customerId);
    expect(new Set(ids).size).toBe(3000);
    expect(ids.slice(0, 3)).toEqual(['1', '2', '3']);
  });
});
