import { type Static, type TSchema, Type } from 'typebox';
import { DateTime, Day, Enum, Measure, Nullable, Strict, Uuid } from '../platform/index';
import { MAX_PAGE_SIZE } from './reports/options';
import { SEGMENT_NAMES } from './reports/rfm-options';
import { CHANNEL_SOURCES } from './service/channels';

/**
 * The request and response shapes of the analytics routes. A report's ratios and means are
 * undefined over nothing (NaN in the services): they travel as null (`Measure`), and these routes
 * are written by JSON.stringify. Days are YYYY-MM-DD (UTC).
 */

/** Dates are checked by the services, which name the option in their errors. */
const DayParam = (description: string) => Type.Optional(Type.String({ maxLength: 10, description }));
const AsOf = DayParam('Last day counted, YYYY-MM-DD (UTC); default today');
const From = DayParam('First day counted, YYYY-MM-DD (UTC); default all history');
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, description: 'Page of the per-customer detail (1-based)' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_PAGE_SIZE, description: 'Customers per page (default 50)' }),
  ),
};

export const RfmQuery = Type.Object(
  {
    asOf: AsOf,
    compareTo: DayParam('An earlier day: adds the segment migration matrix from it to asOf'),
    segment: Type.Optional(
      Type.String({
        maxLength: 40,
        description: `List one segment's customers: ${SEGMENT_NAMES.join(', ')} (default map)`,
      }),
    ),
    segmentMap: Type.Optional(
      Type.String({
        maxLength: 8000,
        description:
          'A score map instead of the default: JSON rules, first match wins, scores 1-5 inclusive, ' +
          'e.g. [{"segment":"best","r":[4,5],"f":[4,5]},{"segment":"rest"}]',
      }),
    ),
    ...Paging,
  },
  Strict,
);

export const ProfitabilityQuery = Type.Object(
  {
    asOf: AsOf,
    from: From,
    whalePoints: Type.Optional(
      Type.Integer({ minimum: 2, maximum: 1000, description: 'Points of the whale curve (default 101)' }),
    ),
    ...Paging,
  },
  Strict,
);

export const ClvQuery = Type.Object(
  {
    asOf: DayParam('Calibration end, YYYY-MM-DD (UTC); default today'),
    horizonWeeks: Type.Optional(Type.Integer({ description: 'Expected purchases horizon (default 52)' })),
    clvMonths: Type.Optional(Type.Integer({ description: 'CLV horizon in months (default 12)' })),
    discountRate: Type.Optional(Type.Number({ description: 'Monthly discount rate (default 0.01)' })),
    calibrationEnd: DayParam('Adds a holdout check: fit up to this day, predict until asOf'),
    ...Paging,
  },
  Strict,
);

export const ChurnQuery = Type.Object(
  {
    asOf: AsOf,
    from: DayParam('First day of the purchases in the cohort table; default all history'),
    threshold: Type.Optional(Type.Number({ description: 'At-risk churn risk (default 0.5)' })),
    ...Paging,
  },
  Strict,
);

export const CohortsQuery = Type.Object({ asOf: AsOf, from: From }, Strict);

export const ChannelSource = Enum(CHANNEL_SOURCES);
export const ChannelsQuery = Type.Object(
  {
    asOf: AsOf,
    from: From,
    source: Type.Optional(ChannelSource),
    priorStrength: Type.Optional(Type.Number({ description: 'Smoothing strength in touches (default 2)' })),
    ...Paging,
  },
  Strict,
);

export const WalletQuery = Type.Object(
  {
    asOf: AsOf,
    from: DayParam('First day of our spend; default 365 days before asOf'),
    attribute: Type.Optional(
      Type.String({ maxLength: 63, description: 'Person attribute (default category_spend)' }),
    ),
    ...Paging,
  },
  Strict,
);

/** One page of a report's per-customer detail. */
const DetailPage = <T extends TSchema>(item: T) =>
  Type.Object({
    total: Type.Integer(),
    page: Type.Integer(),
    limit: Type.Integer(),
    items: Type.Array(item),
  });
const Name = Type.Optional(Type.String({ description: 'The person’s display name' }));
const Bands = Type.Array(Type.Object({ from: Type.Number(), to: Type.Number(), customers: Type.Integer() }), {
  description: 'Customers per band [from, to), the last band including 1',
});

export const RfmCustomer = Type.Object({
  customerId: Uuid,
  name: Name,
  recencyDays: Type.Integer(),
  frequency: Type.Integer(),
  monetary: Type.Number(),
  r: Type.Integer({ minimum: 1, maximum: 5 }),
  f: Type.Integer({ minimum: 1, maximum: 5 }),
  m: Type.Integer({ minimum: 1, maximum: 5 }),
  segment: Type.String(),
});
export const RfmReport = Type.Object({
  asOf: Day,
  customers: Type.Integer(),
  revenue: Type.Number(),
  topRevenueShare: Measure,
  segments: Type.Array(
    Type.Object({
      segment: Type.String(),
      customers: Type.Integer(),
      share: Measure,
      revenue: Type.Number(),
      revenueShare: Measure,
      meanRecencyDays: Measure,
      meanFrequency: Measure,
      meanMonetary: Measure,
    }),
  ),
  tieOrder: Type.Union([Type.Literal('numeric'), Type.Literal('text')], {
    description:
      'How equal values were ranked: by customer id, numeric when every id is a number ("9" before "10"), else text',
  }),
  grid: Type.Array(Type.Array(Type.Integer()), {
    description: 'grid[r − 1][f − 1]: customers with recency score r and frequency score f',
  }),
  migration: Type.Optional(
    Type.Object({
      from: Day,
      to: Day,
      labels: Type.Array(Type.String()),
      counts: Type.Array(Type.Array(Type.Integer()), {
        description: 'counts[i][j]: customers in labels[i] at from and labels[j] at to',
      }),
    }),
  ),
  detail: DetailPage(RfmCustomer),
});
export type RfmReport = Static<typeof RfmReport>;

const WhalePoint = Type.Object({
  customers: Type.Integer(),
  customerShare: Measure,
  cumulativeProfit: Type.Number(),
  profitShare: Measure,
});
export const ProfitabilityReport = Type.Object({
  asOf: Day,
  from: Nullable(Day),
  customers: Type.Integer(),
  totals: Type.Object({
    revenue: Type.Number(),
    costOfGoods: Type.Number(),
    grossMargin: Type.Number(),
    costToServe: Type.Number(),
    costToServeByActivity: Type.Record(Type.String(), Type.Number()),
    profit: Type.Number(),
  }),
  unprofitableCustomers: Type.Integer(),
  shares: Type.Object(
    { top: Measure, bottom: Measure },
    { description: 'Of total profit: top and bottom 20%' },
  ),
  deciles: Type.Array(
    Type.Object({
      decile: Type.Integer(),
      customers: Type.Integer(),
      revenue: Type.Number(),
      profit: Type.Number(),
      profitShare: Measure,
    }),
  ),
  whaleCurve: Type.Object({ points: Type.Array(WhalePoint), peak: WhalePoint, totalProfit: Type.Number() }),
  detail: DetailPage(
    Type.Object({
      customerId: Uuid,
      name: Name,
      revenue: Type.Number(),
      costOfGoods: Type.Number(),
      grossMargin: Type.Number(),
      costToServe: Type.Number(),
      costToServeByActivity: Type.Record(Type.String(), Type.Number()),
      profit: Type.Number(),
      decile: Type.Integer({ description: '1 = the most profitable tenth' }),
    }),
  ),
});
export type ProfitabilityReport = Static<typeof ProfitabilityReport>;

const Fit = { logLikelihood: Measure, iterations: Type.Integer() };
const BgNbdFit = Type.Object({
  r: Type.Number(),
  alpha: Type.Number(),
  a: Type.Number(),
  b: Type.Number(),
  ...Fit,
});
const ValueModel = Type.Object({
  customers: Type.Integer(),
  repeatBuyers: Type.Integer(),
  bgnbd: BgNbdFit,
  gammaGamma: Nullable(
    Type.Object({
      p: Type.Number(),
      q: Type.Number(),
      gamma: Type.Number(),
      ...Fit,
      customers: Type.Integer(),
    }),
    { description: 'null when no repeat buyer has a positive spend' },
  ),
  frequencySpendCorrelation: Measure,
});
export const CustomerValue = Type.Object({
  customerId: Uuid,
  name: Name,
  x: Type.Integer({ description: 'Repeat purchases' }),
  tx: Type.Number({ description: 'Weeks from the first to the last purchase' }),
  T: Type.Number({ description: 'Weeks from the first purchase to the calibration end' }),
  monetaryValue: Type.Number(),
  pAlive: Measure,
  churnRisk: Measure,
  expectedPurchases: Measure,
  expectedSpend: Measure,
  clv: Measure,
});
export const ClvReport = Type.Object({
  asOf: Day,
  unit: Type.Literal('week'),
  horizon: Type.Object({
    horizon: Type.Number(),
    clvMonths: Type.Number(),
    discountRate: Type.Number(),
    unitsPerMonth: Type.Number(),
  }),
  model: ValueModel,
  totals: Type.Object({
    customers: Type.Integer(),
    expectedAlive: Measure,
    expectedPurchases: Measure,
    clv: Measure,
  }),
  deciles: Type.Array(
    Type.Object({
      decile: Type.Integer(),
      customers: Type.Integer(),
      clv: Measure,
      share: Measure,
      meanPAlive: Measure,
      expectedPurchases: Measure,
    }),
  ),
  holdout: Type.Optional(
    Type.Object({
      calibrationEnd: Day,
      holdoutLength: Type.Number(),
      unit: Enum(['day', 'week', 'month']),
      customers: Type.Integer(),
      predicted: Measure,
      actual: Type.Number(),
      groups: Type.Array(
        Type.Object({
          x: Type.Integer(),
          label: Type.String(),
          customers: Type.Integer(),
          meanPredicted: Measure,
          meanActual: Measure,
        }),
      ),
    }),
  ),
  detail: DetailPage(CustomerValue),
});
export type ClvReport = Static<typeof ClvReport>;

export const AcquisitionCohort = Type.Object({
  cohort: Type.String({ description: 'YYYY-MM of the first purchase' }),
  size: Type.Integer(),
  active: Type.Array(Type.Integer(), { description: 'active[k]: customers buying in month cohort + k' }),
  retention: Type.Array(Measure),
  revenue: Type.Array(Type.Number()),
});
export const ChurnReport = Type.Object({
  asOf: Day,
  model: Type.Object({ customers: Type.Integer(), repeatBuyers: Type.Integer(), bgnbd: BgNbdFit }),
  expectedActive: Measure,
  atRisk: Type.Object({ threshold: Type.Number(), customers: Type.Integer(), share: Measure }),
  riskBands: Bands,
  cohorts: Type.Array(AcquisitionCohort),
  detail: DetailPage(CustomerValue),
});
export type ChurnReport = Static<typeof ChurnReport>;

export const CohortReport = Type.Object({
  asOf: Day,
  from: Nullable(Day),
  cohorts: Type.Array(AcquisitionCohort),
});
export type CohortReport = Static<typeof CohortReport>;

export const ChannelReport = Type.Object({
  asOf: Day,
  from: Nullable(Day),
  source: ChannelSource,
  priorStrength: Type.Number(),
  customers: Type.Integer(),
  channels: Type.Array(Type.String()),
  population: Type.Record(Type.String(), Measure, { description: 'Share of each channel’s touches' }),
  preferred: Type.Record(Type.String(), Type.Integer(), { description: 'Customers preferring each channel' }),
  detail: DetailPage(
    Type.Object({
      customerId: Uuid,
      name: Name,
      total: Type.Number(),
      shares: Type.Record(Type.String(), Measure),
      smoothed: Type.Record(Type.String(), Measure),
      preferred: Type.String(),
    }),
  ),
});
export type ChannelReport = Static<typeof ChannelReport>;

export const WalletReport = Type.Object({
  asOf: Day,
  from: Day,
  attribute: Type.String(),
  customers: Type.Integer(),
  aggregateShare: Measure,
  capped: Type.Integer(),
  bands: Bands,
  detail: DetailPage(
    Type.Object({
      customerId: Uuid,
      name: Name,
      share: Measure,
      capped: Type.Boolean(),
      ourSpend: Type.Number(),
      categorySpend: Type.Number(),
    }),
  ),
});
export type WalletReport = Static<typeof WalletReport>;

export const PersonScores = Type.Object({
  personId: Uuid,
  computedAt: Nullable(DateTime, { description: 'null until the recompute job has scored the person' }),
  rfm: Type.Object({
    recencyDays: Nullable(Type.Integer()),
    frequency: Nullable(Type.Integer()),
    monetary: Nullable(Type.Number()),
    r: Nullable(Type.Integer()),
    f: Nullable(Type.Integer()),
    m: Nullable(Type.Integer()),
    segment: Nullable(Type.String()),
  }),
  clv: Nullable(Type.Number()),
  pAlive: Nullable(Type.Number()),
  churnRisk: Nullable(Type.Number()),
  expectedPurchases: Nullable(Type.Number()),
  preferredChannel: Nullable(Type.String()),
  profit: Nullable(Type.Number()),
  profitDecile: Nullable(Type.Integer()),
});
export type PersonScores = Static<typeof PersonScores>;
