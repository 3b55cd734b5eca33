import type * as Analytics from '../../analytics/index';

/**
 * `rapport analyze <name>` as a table: one entry per analysis, holding its summary, its options
 * (type, default, help, and which inputs each applies to), the inputs it takes (the workspace
 * database, `--transactions FILE`, `--summary FILE`) with the function of `analytics/index.ts`
 * each calls and how the options become that function's arguments, and its text output. The
 * command line (subcommands, options, help) is built from the table (`buildAnalyzeCommand`), and
 * a test checks that every declared option is read by an input's arguments and the reverse.
 * Adding an analysis is adding an entry to `ANALYSES`.
 */

/** Where an analysis reads its data. */
export type Input = 'database' | 'transactions' | 'summary';
export const INPUTS: readonly Input[] = ['database', 'transactions', 'summary'];

/** What an option's text becomes before an analysis sees it. */
export type OptionKind =
  /** text as given */
  | 'text'
  /** a day YYYY-MM-DD, checked by the analysis */
  | 'date'
  /** a number ("twelve" is refused naming the option) */
  | 'number'
  /** a file name, replaced by the file's text */
  | 'file'
  /** present or not */
  | 'flag'
  /** one of these words */
  | readonly string[];

export interface OptionSpec<K extends OptionKind = OptionKind> {
  readonly kind: K;
  readonly help: string;
  /** Placeholder in help (default from the kind: <date>, <n>, <file>, <value>). */
  readonly arg?: string;
  /** Value when the option is not given (also shown in help). */
  readonly default?: string;
  /** The inputs the option applies to (default: every input of the analysis). */
  readonly inputs?: readonly Input[];
}

/** The value an option of kind K has when given. */
export type OptionValue<K extends OptionKind> = K extends 'number'
  ? number
  : K extends 'flag'
    ? boolean
    : K extends readonly (infer C)[]
      ? C
      : string;

/** The values of an option set, as an analysis's inputs read them (absent: not given, no default). */
export type OptionValues<O extends Record<string, OptionSpec>> = {
  readonly [K in keyof O]?: OptionValue<O[K]['kind']>;
};

type Fn = (...args: never[]) => unknown;
type FunctionsOf<T> = { [K in keyof T]: T[K] extends Fn ? K : never }[keyof T];
type AnalyticsFunction = FunctionsOf<typeof Analytics>;
/** Functions of analytics taking (db, actor, options) / (columns, options). */
type ArgumentOf<F extends AnalyticsFunction, I extends number> = Parameters<(typeof Analytics)[F]>[I];

/** An input of an analysis: the analytics function it calls and its arguments from the options. */
export interface InputCall<V, F extends AnalyticsFunction = AnalyticsFunction> {
  readonly call: F;
  readonly args: (options: V) => unknown;
}

/** The inputs of an analysis and what each calls. */
export interface AnalysisInputs<V> {
  /** `call(db, actor, args(options))` over the workspace (`--workspace`). */
  readonly database?: InputCall<V>;
  /** `call(columns, args(options))` over `--transactions FILE` (read as it streams in). */
  readonly transactions?: InputCall<V>;
  /** `call(summary, args(options))` over `--summary FILE`. */
  readonly summary?: InputCall<V>;
}

/** One analysis. */
export interface AnalysisSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  readonly name: string;
  readonly summary: string;
  readonly options: O;
  readonly inputs: AnalysisInputs<OptionValues<O>>;
  /** A few lines for a terminal (database input without --json); files always print JSON. */
  readonly describe?: (report: Record<string, unknown>) => string;
}

/** An option set with its value types kept (the entries below infer from it). */
function options<O extends Record<string, OptionSpec>>(o: O): O {
  return o;
}

/** Input calls whose arguments are typed by the function called and by the options `V`. */
interface Calls<V> {
  /** `call(db, actor, args(options))`. */
  database<F extends AnalyticsFunction>(call: F, args: (options: V) => ArgumentOf<F, 2>): InputCall<V, F>;
  /** `call(fileData, args(options))`. */
  file<F extends AnalyticsFunction>(call: F, args: (options: V) => ArgumentOf<F, 1>): InputCall<V, F>;
}

const CALLS: Calls<never> = {
  database: (call, args) => ({ call, args }),
  file: (call, args) => ({ call, args }),
};

/** An analysis entry: its inputs' argument builders are typed by its options. */
function analysis<O extends Record<string, OptionSpec>>(spec: {
  name: string;
  summary: string;
  options: O;
  inputs: (calls: Calls<OptionValues<O>>) => AnalysisInputs<OptionValues<O>>;
  describe?: (report: Record<string, unknown>) => string;
}): AnalysisSpec {
  const inputs = spec.inputs(CALLS as unknown as Calls<OptionValues<O>>);
  return { ...spec, inputs } as unknown as AnalysisSpec;
}

// Options several analyses share.
const date = (help: string, inputs?: readonly Input[]): OptionSpec<'date'> => ({
  kind: 'date',
  help,
  inputs,
});
const number = (help: string, inputs?: readonly Input[], arg = '<n>'): OptionSpec<'number'> => ({
  kind: 'number',
  help,
  inputs,
  arg,
});
const AS_OF = date('last day counted, YYYY-MM-DD (default today, or the last day of the file)');
const FROM = date('first day counted, YYYY-MM-DD', ['database']);
const PAGING = {
  page: number('page of the per-customer detail (default 1)', ['database']),
  limit: number('customers per page (default 50)', ['database']),
};
const PERIOD = {
  kind: ['day', 'week', 'month'] as const,
  help: 'time unit of the purchase models in a file (default week)',
  arg: '<unit>',
  inputs: ['transactions', 'summary'],
} satisfies OptionSpec;

/** Options of every analysis, handled by the command itself. */
export const COMMON_OPTIONS = options({
  json: { kind: 'flag', help: 'print the whole report as JSON (files always print JSON)' },
});

/** The options of each input, handled by the command itself (not by an analysis). */
export const INPUT_OPTIONS = {
  database: options({
    workspace: { kind: 'text', help: 'workspace to analyse', arg: '<slug>', default: 'demo' },
  }),
  transactions: options({
    transactions: { kind: 'text', help: 'analyse a transaction file instead of the database', arg: '<file>' },
    customerCol: {
      kind: 'text',
      help: 'customer column: a header name, or a 1-based position in a whitespace file',
      arg: '<column>',
    },
    dateCol: { kind: 'text', help: 'date column', arg: '<column>' },
    amountCol: { kind: 'text', help: 'amount column', arg: '<column>' },
    costCol: { kind: 'text', help: 'cost of goods column (profitability)', arg: '<column>' },
    quantityCol: {
      kind: 'text',
      help: 'units column: read to refuse a negative quantity (a file holds purchases, not returns)',
      arg: '<column>',
    },
    dateFormat: {
      kind: 'text',
      help: 'e.g. YYYYMMDD, YYYY-MM-DD, DD/MM/YYYY (default YYYY-MM-DD)',
      arg: '<format>',
    },
    format: {
      kind: ['csv', 'whitespace'] as const,
      help: 'file format (default: whitespace when columns are numbers)',
      arg: '<format>',
    },
    skipLines: number('lines to skip at the top of a whitespace file', undefined, '<n>'),
  }),
  summary: options({
    summary: {
      kind: 'text',
      help: 'analyse a per-customer summary file (frequency|x, recency|t_x, T[, monetary_value|zbar]; an id column, else rows are numbered)',
      arg: '<file>',
    },
  }),
} as const;

/** The tie rule of an RFM report in words (its `tieOrder`). */
const TIE_ORDER = {
  numeric: 'equal values rank by customer id in numeric order (every id is a number)',
  text: 'equal values rank by customer id in text order (code units)',
};

const pct = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a';
const num = (v: unknown) =>
  typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 2 }) : 'n/a';

const rfmOptions = options({
  asOf: AS_OF,
  compareTo: date('an earlier day for the segment migration matrix'),
  segment: { kind: 'text', help: 'list the customers of one segment', arg: '<name>', inputs: ['database'] },
  segmentMap: {
    kind: 'file',
    help: 'a JSON score map: [{"segment": "top", "r": [4, 5], "f": [4, 5], "m": [1, 5]}, …], first match wins',
  },
  ...PAGING,
});

const profitOptions = options({
  asOf: AS_OF,
  from: date('first day counted, YYYY-MM-DD'),
  whalePoints: number('points of the whale curve (default 101)'),
  ...PAGING,
});

const clvOptions = options({
  asOf: date(
    'database: last day of the calibration period (default today); file: the end of the holdout (with --calibration-end)',
    ['database', 'transactions'],
  ),
  calibrationEnd: date('fit up to this day (with --as-of later: holdout check)', [
    'database',
    'transactions',
  ]),
  horizonWeeks: number('expected purchases over n weeks (default 52)', ['database']),
  horizon: number('expected purchases over n periods of the file (default 52 weeks)', [
    'transactions',
    'summary',
  ]),
  clvMonths: number('CLV horizon in months (default 12)'),
  discountRate: number('monthly discount rate (default 0.01)', undefined, '<rate>'),
  models: {
    kind: 'text',
    help: 'models to fit: bgnbd, pareto, gamma-gamma, comma-separated (default all the file supports)',
    arg: '<list>',
    inputs: ['transactions', 'summary'],
  },
  period: PERIOD,
  ...PAGING,
});

const churnOptions = options({
  asOf: AS_OF,
  from: FROM,
  threshold: number('churn risk counted as at risk (default 0.5)', undefined, '<risk>'),
  period: { ...PERIOD, inputs: ['transactions'] },
  ...PAGING,
});

const cohortOptions = options({
  asOf: AS_OF,
  from: FROM,
  page: number('page of the cohorts, oldest first (default: every cohort)', ['database']),
  limit: number('cohorts per page (default 50 when --page is given)', ['database']),
});

const channelOptions = options({
  asOf: AS_OF,
  from: FROM,
  source: { kind: ['all', 'interactions', 'orders'] as const, help: 'touches counted', arg: '<touches>' },
  priorStrength: number('smoothing toward the population mix (default 2)', undefined, '<k>'),
  ...PAGING,
});

const walletOptions = options({
  asOf: AS_OF,
  from: FROM,
  attribute: {
    kind: 'text',
    help: 'person attribute with the category spend',
    arg: '<name>',
    default: 'category_spend',
  },
  ...PAGING,
});

/** Every analysis of `rapport analyze`. */
export const ANALYSES: readonly AnalysisSpec[] = [
  analysis({
    name: 'rfm',
    summary: 'recency, frequency and monetary quintile scores, segments and the R×F grid',
    options: rfmOptions,
    inputs: ({ database, file }) => ({
      database: database('analyzeRfm', (o) => ({
        asOf: o.asOf,
        compareTo: o.compareTo,
        segment: o.segment,
        segmentMap: o.segmentMap,
        page: o.page,
        limit: o.limit,
      })),
      transactions: file('analyzeRfmTransactions', (o) => ({
        asOf: o.asOf,
        compareTo: o.compareTo,
        segmentMap: o.segmentMap,
      })),
    }),
    describe: (r) => {
      const lines = [
        `RFM as of ${r.asOf}: ${num(r.customers)} customers, revenue ${num(r.revenue)}; top 20% hold ${pct(r.topRevenueShare)}`,
      ];
      for (const s of r.segments as { segment: string; customers: number; revenueShare: number }[])
        lines.push(
          `  ${s.segment.padEnd(20)} ${String(s.customers).padStart(9)}  ${pct(s.revenueShare).padStart(6)} of revenue`,
        );
      lines.push(`  Ties: ${TIE_ORDER[r.tieOrder as 'numeric' | 'text']}.`);
      return lines.join('\n');
    },
  }),
  analysis({
    name: 'profitability',
    summary: 'customer profit (revenue − cost of goods − cost to serve), deciles and the whale curve',
    options: profitOptions,
    inputs: ({ database, file }) => ({
      database: database('analyzeProfitability', (o) => ({
        asOf: o.asOf,
        from: o.from,
        whalePoints: o.whalePoints,
        page: o.page,
        limit: o.limit,
      })),
      transactions: file('analyzeProfitabilityTransactions', (o) => ({
        asOf: o.asOf,
        from: o.from,
        whalePoints: o.whalePoints,
      })),
    }),
    describe: (r) => {
      const totals = r.totals as Record<string, unknown>;
      const shares = r.shares as { top: number; bottom: number };
      const peak = (r.whaleCurve as { peak: { customerShare: number; profitShare: number } }).peak;
      return [
        `Profitability to ${r.asOf}: ${num(r.customers)} customers, profit ${num(totals.profit)} on revenue ${num(totals.revenue)}`,
        `  top 20% earn ${pct(shares.top)} of profit, bottom 20% ${pct(shares.bottom)}; ${num(r.unprofitableCustomers)} unprofitable`,
        `  whale curve peaks at ${pct(peak.profitShare)} of profit with the top ${pct(peak.customerShare)} of customers`,
      ].join('\n');
    },
  }),
  analysis({
    name: 'clv',
    summary: 'customer lifetime value: BG/NBD, Pareto/NBD and Gamma-Gamma fits, P(alive), expected purchases',
    options: clvOptions,
    inputs: ({ database, file }) => ({
      database: database('analyzeClv', (o) => ({
        asOf: o.asOf,
        horizonWeeks: o.horizonWeeks,
        clvMonths: o.clvMonths,
        discountRate: o.discountRate,
        calibrationEnd: o.calibrationEnd,
        page: o.page,
        limit: o.limit,
      })),
      transactions: file('analyzeClvTransactions', (o) => ({
        period: o.period,
        calibrationEnd: o.calibrationEnd,
        asOf: o.asOf,
        horizon: o.horizon,
        clvMonths: o.clvMonths,
        discountRate: o.discountRate,
        models: o.models,
      })),
      summary: file('analyzeSummaryFile', (o) => ({
        period: o.period,
        horizon: o.horizon,
        clvMonths: o.clvMonths,
        discountRate: o.discountRate,
        models: o.models,
      })),
    }),
    describe: (r) => {
      const model = r.model as { bgnbd: Record<string, number>; gammaGamma: Record<string, number> | null };
      const totals = r.totals as Record<string, unknown>;
      const b = model.bgnbd;
      const lines = [
        `CLV as of ${r.asOf}: BG/NBD r=${num(b.r)} alpha=${num(b.alpha)} a=${num(b.a)} b=${num(b.b)}`,
      ];
      if (model.gammaGamma)
        lines.push(
          `  Gamma-Gamma p=${num(model.gammaGamma.p)} q=${num(model.gammaGamma.q)} gamma=${num(model.gammaGamma.gamma)}`,
        );
      lines.push(
        `  ${num(totals.customers)} customers, ${num(totals.expectedAlive)} expected alive, total CLV ${num(totals.clv)}`,
      );
      return lines.join('\n');
    },
  }),
  analysis({
    name: 'churn',
    summary: 'churn risk (1 − P(alive)), customers at risk and monthly acquisition cohorts',
    options: churnOptions,
    inputs: ({ database, file }) => ({
      database: database('analyzeChurn', (o) => ({
        asOf: o.asOf,
        from: o.from,
        threshold: o.threshold,
        page: o.page,
        limit: o.limit,
      })),
      transactions: file('analyzeChurnTransactions', (o) => ({
        period: o.period,
        asOf: o.asOf,
        threshold: o.threshold,
      })),
    }),
    describe: (r) => {
      const atRisk = r.atRisk as { threshold: number; customers: number; share: number };
      return [
        `Churn as of ${r.asOf}: ${num(r.expectedActive)} customers expected active`,
        `  ${num(atRisk.customers)} (${pct(atRisk.share)}) at risk (churn risk ≥ ${atRisk.threshold})`,
        `  ${(r.cohorts as unknown[]).length} monthly acquisition cohorts (see --json)`,
      ].join('\n');
    },
  }),
  analysis({
    name: 'cohorts',
    summary: 'monthly acquisition cohorts and their retention',
    options: cohortOptions,
    inputs: ({ database }) => ({
      database: database('analyzeCohorts', (o) => ({
        asOf: o.asOf,
        from: o.from,
        page: o.page,
        limit: o.limit,
      })),
    }),
    describe: (r) =>
      (r.cohorts as { cohort: string; size: number; retention: number[] }[])
        .map(
          (c) =>
            `${c.cohort} ${String(c.size).padStart(8)}  ${c.retention
              .slice(0, 13)
              .map((v) => pct(v).padStart(6))
              .join(' ')}`,
        )
        .join('\n'),
  }),
  analysis({
    name: 'channels',
    summary: "each customer's preferred channel, smoothed toward the population mix",
    options: channelOptions,
    inputs: ({ database }) => ({
      database: database('analyzeChannels', (o) => ({
        asOf: o.asOf,
        from: o.from,
        source: o.source,
        priorStrength: o.priorStrength,
        page: o.page,
        limit: o.limit,
      })),
    }),
    describe: (r) => {
      const lines = [`Channel preference to ${r.asOf} (${r.source}): ${num(r.customers)} customers`];
      for (const [channel, n] of Object.entries(r.preferred as Record<string, number>))
        lines.push(
          `  ${channel.padEnd(12)} ${String(n).padStart(9)} prefer it; ${pct((r.population as Record<string, number>)[channel])} of touches`,
        );
      return lines.join('\n');
    },
  }),
  analysis({
    name: 'share-of-wallet',
    summary: "each customer's share of their category spend",
    options: walletOptions,
    inputs: ({ database }) => ({
      database: database('analyzeShareOfWallet', (o) => ({
        asOf: o.asOf,
        from: o.from,
        attribute: o.attribute,
        page: o.page,
        limit: o.limit,
      })),
    }),
    describe: (r) =>
      `Share of wallet (${r.attribute}) ${r.from} to ${r.asOf}: ${num(r.customers)} customers, aggregate share ${pct(r.aggregateShare)}`,
  }),
];

/** The inputs an analysis takes, in `INPUTS` order. */
export function inputsOf(spec: AnalysisSpec): Input[] {
  return INPUTS.filter((input) => spec.inputs[input] !== undefined);
}

/** The inputs an option of `spec` applies to. */
export function optionInputs(spec: AnalysisSpec, option: OptionSpec): Input[] {
  const all = inputsOf(spec);
  return option.inputs ? all.filter((i) => option.inputs?.includes(i)) : all;
}

/** attributeName → --flag-name (asOf → --as-of). */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The placeholder of an option in help. */
export function argOf(option: OptionSpec): string | undefined {
  if (option.kind === 'flag') return undefined;
  if (option.arg) return option.arg;
  if (Array.isArray(option.kind)) return '<value>';
  return { date: '<date>', number: '<n>', file: '<file>', text: '<value>' }[option.kind as string];
}
