/**
 * Rapport analytics: pure functions for customer value (numbers in, numbers out).
 *
 * - math: log-gamma, digamma, log-beta, log-sum-exp, Gauss ₂F₁, BFGS / Nelder-Mead / box-constrained
 *   optimisers, normal and Student-t distributions, seeded random numbers.
 * - clv: transaction summaries, BG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB, CLV, holdout checks.
 * - rfm: RFM measures, quintile scores, segments, migration, revenue concentration.
 * - profitability: customer profit with cost to serve, deciles, whale curve.
 * - cohorts: acquisition cohorts, shifted-beta-geometric retention.
 * - channels: smoothed channel preference, share of wallet.
 * - basket: FP-growth itemsets, association rules, rules by daypart, basket files; cross-sell
 *   (co-purchase affinities, next best offer, holdout evaluation, bought / not bought).
 * - demand: hour × weekday and calendar profiles, composition, price elasticity, drivers, contribution.
 * - forecast: Holt-Winters as R fits it, seasonal naive, holdout accuracy, series files.
 * - yield: Littlewood, EMSR-b, bid prices, accept/deny, overbooking, yield figures, policy simulation.
 */

export { computeAcquisitionCohorts, type AcquisitionCohort } from './models/cohorts/acquisition';
export {
  computeSbgChurnProbability,
  computeSbgRetentionRate,
  computeSbgSurvival,
  evaluateSbgLogLikelihood,
  fitShiftedBetaGeometric,
  projectSbgSurvivors,
  type SbgFit,
  type SbgParams,
} from './models/cohorts/sbg';
export {
  type ChannelEvent,
  type ChannelPreference,
  type ChannelPreferences,
  computeChannelPreferences,
} from './models/channels/preference';
export {
  computeAggregateShareOfWallet,
  computeShareOfWallet,
  type WalletRow,
  type WalletShare,
} from './models/channels/share-of-wallet';
export {
  type BgBbHistory,
  type BgBbParams,
  evaluateBgBbLogLikelihood,
  fitBgBb,
  predictBgBb,
  predictBgBbAlive,
  predictBgBbUnconditional,
} from './models/clv/bgbb';
export {
  type BgNbdParams,
  evaluateBgNbdLogLikelihood,
  type FitOptions,
  fitBgNbd,
  type ModelFit,
} from './models/clv/bgnbd';
export { predictBgNbd, predictBgNbdAlive, predictBgNbdUnconditional } from './models/clv/bgnbd-predict';
export { type ClvOptions, computeClv, computeClvByMonth } from './models/clv/clv';
export { type CompressedSummary, compressSummaries, type PurchaseHistory } from './models/clv/compress';
export {
  correlateFrequencySpend,
  evaluateGammaGammaLogLikelihood,
  fitGammaGamma,
  type GammaGammaParams,
  predictGammaGammaSpend,
  type SpendHistory,
} from './models/clv/gamma-gamma';
export {
  comparePurchasesByFrequency,
  countHoldoutPurchases,
  type FrequencyGroup,
  type HoldoutOptions,
  type HoldoutRow,
} from './models/clv/holdout';
export {
  evaluateParetoNbdLogLikelihood,
  fitParetoNbd,
  type ParetoNbdParams,
  predictParetoNbd,
  predictParetoNbdAlive,
  predictParetoNbdUnconditional,
} from './models/clv/pareto-nbd';
export {
  type CustomerSummary,
  type SummaryOptions,
  summarizeTransactions,
  type Transaction,
} from './models/clv/summary';
export { parseSummaryCsv, type SummaryCsvColumns } from './models/clv/summary-csv';
export {
  parseCsvTransactions,
  parseWhitespaceTransactions,
  type TransactionFileOptions,
  type WhitespaceFileOptions,
} from './models/clv/transaction-file';
export { parseDate } from './models/dates';
export { InputError } from './models/input-error';
export { lbeta } from './models/math/beta';
export { minimizeBfgs, type BfgsOptions } from './models/math/bfgs';
export { digamma } from './models/math/digamma';
export { gammaSign, lgamma } from './models/math/gamma';
export { hyp2f1 } from './models/math/hyp2f1';
export { logAddExp, logDiffExp, logSumExp } from './models/math/log-sum-exp';
export { minimize, type MinimizeOptions } from './models/math/minimize';
export { minimizeNelderMead, type NelderMeadOptions } from './models/math/nelder-mead';
export { numericGradient, withNumericGradient } from './models/math/numeric-gradient';
export {
  assertConverged,
  ConvergenceError,
  type GradientObjective,
  type Objective,
  type OptimizeResult,
} from './models/math/optimize-types';
export {
  type CustomerProfit,
  computeCustomerProfit,
  type OrderCost,
  type ServiceActivity,
} from './models/profitability/customer-profit';
export {
  computeProfitDeciles,
  computeProfitShares,
  computeWhaleCurve,
  type ProfitDecile,
  type ProfitRow,
  type WhaleCurve,
  type WhalePoint,
} from './models/profitability/distribution';
export { computeTopShare } from './models/ranking';
export { computeTopRevenueShare } from './models/rfm/concentration';
export { computeSegmentMigration, type SegmentMigration } from './models/rfm/migration';
export { computeRfm, type RfmRecord } from './models/rfm/rfm';
export { type RfmScore, scoreRfm } from './models/rfm/scores';
export {
  classifyRfm,
  DEFAULT_SEGMENT_RULES,
  type RfmSegment,
  type SegmentRule,
  segmentRfm,
} from './models/rfm/segments';

// Issue 17 (pure): baskets, cross-sell, demand, forecasting, yield; distributions and a bounded optimiser.
export {
  type DuplicateItem,
  type EncodedBaskets,
  encodeBaskets,
  type ItemId,
  minimumCount,
} from './models/basket/baskets';
export {
  type ItemLineOptions,
  type ParsedBasket,
  parseBasketLines,
  parseItemLines,
} from './models/basket/basket-file';
export {
  type CustomerGap,
  type SegmentGap,
  summarizeBoughtNotBought,
} from './models/basket/bought-not-bought';
export { type Affinities, affinitiesFromRules, computeAffinities } from './models/basket/co-purchase';
export {
  type CustomerHoldings,
  describeOfferReason,
  type Offer,
  type OfferInputs,
  type OfferReason,
  scoreNextBestOffers,
} from './models/basket/next-best-offer';
export {
  evaluateOffers,
  type OfferEvaluation,
  type OfferScore,
  type ProductPurchase,
} from './models/basket/offer-evaluation';
export {
  compareRulesByDaypart,
  DEFAULT_DAYPARTS,
  type Daypart,
  type DaypartMeasure,
  type DaypartRule,
  isInDaypart,
  splitBasketsByDaypart,
  type TimedBasket,
  WEEK_DAYPARTS,
} from './models/basket/daypart';
export { type FrequentItemset, type ItemsetOptions, mineFrequentItemsets } from './models/basket/fp-growth';
export {
  type AssociationRule,
  type ItemsetSupport,
  mineAssociationRules,
  type RuleMining,
  type RuleOptions,
} from './models/basket/rules';
export {
  type CategorizedDemand,
  type CompositionPeriod,
  composeDemandByCategory,
  type PeriodComposition,
} from './models/demand/composition';
export {
  type Contribution,
  type ContributionReport,
  computeContribution,
  type SalesLine,
} from './models/demand/contribution';
export { correlateDriver, type DatedValue, type DriverCorrelation } from './models/demand/driver';
export {
  type ElasticityFit,
  fitPriceElasticity,
  type PriceObservation,
  predictDemandAtPrice,
} from './models/demand/elasticity';
export {
  computeDemandProfile,
  computeHourWeekdayHeatmap,
  type DemandPoint,
  type HourWeekdayHeatmap,
  isoWeek,
  type ProfileBucket,
  type ProfileKey,
} from './models/demand/profiles';
export { computeForecastAccuracy, type ForecastAccuracy } from './models/forecast/accuracy';
export { forecastSeasonalNaive } from './models/forecast/baseline';
export { type Decomposition, decomposeClassical, type Seasonality } from './models/forecast/decompose';
export { evaluateHoltWintersHoldout, type HoldoutComparison } from './models/forecast/holdout';
export {
  fitHoltWinters,
  type HoltWintersFit,
  type HoltWintersOptions,
  type HoltWintersParams,
  type HoltWintersRun,
  type HoltWintersStart,
  initializeHoltWinters,
  runHoltWinters,
} from './models/forecast/holt-winters';
export { type ForecastPoint, forecastHoltWinters } from './models/forecast/hw-forecast';
export {
  DEFAULT_SEASON,
  type ParsedSeries,
  parseSeriesCsv,
  type SeriesFileOptions,
  type SeriesGap,
  type SeriesPeriod,
} from './models/forecast/series-file';
export { type BoundedOptions, minimizeBounded, withBoundedNumericGradient } from './models/math/bounded';
export { regularizedIncompleteBeta } from './models/math/incomplete-beta';
export { normalCdf, normalPdf, normalQuantile } from './models/math/normal';
export { createRandom, type Random } from './models/math/random';
export { studentTCdf, studentTPdf, studentTQuantile } from './models/math/student-t';

export { computeBidPrices, computeDisplacementCost } from './models/yield/bid-price';
export {
  type BookingDecision,
  type BookingRequest,
  decideBookingRequest,
  type NightInventory,
} from './models/yield/booking-request';
export { parseFareClassCsv } from './models/yield/class-file';
export { computeEmsrb, type EmsrbControls } from './models/yield/emsrb';
export { type FareClass, validateFareClasses } from './models/yield/fare-classes';
export { computeLittlewoodProtection } from './models/yield/littlewood';
export {
  binomialUpperTail,
  computeOverbookingLimit,
  estimateShowProbability,
  type OverbookingInput,
  type OverbookingLimit,
} from './models/yield/overbooking';
export {
  generateDemandScenarios,
  type PolicyComparison,
  type PolicyRevenue,
  simulateRevenuePolicies,
} from './models/yield/simulate';
export { computeYieldFigures, type DailyInventory, type YieldFigures } from './models/yield/yield-figures';
// Database work: each analysis over a workspace, the score recompute job and its schedule, the routes.
export {
  analyzeChurnTransactions,
  analyzeClvTransactions,
  analyzeProfitabilityTransactions,
  analyzeRfmTransactions,
  type Period,
  readModelHorizon,
} from './reports/transaction-analyses';
export { readSummaryFile, readTransactionFile } from './reports/transaction-input';
export { fitSummaryModels } from './reports/summary-models';
export { analyzeChannels, type ChannelReport } from './service/channels';
export { analyzeChurn, analyzeCohorts, type ChurnReport } from './service/churn';
export { analyzeClv } from './service/clv';
export { analyzeProfitability } from './service/profitability';
export { analyzeRfm } from './service/rfm';
export { getPersonScores, type PersonScores } from './service/scores';
export { analyzeShareOfWallet, type WalletReport } from './service/share-of-wallet';
export {
  analyticsJobHandlers,
  queueScoreRecompute,
  RECOMPUTE_SCORES,
  startScoreSchedule,
} from './service/jobs';
export { registerAnalyticsRoutes as registerRoutes } from './routes';
export { simulateHistories } from './models/clv/simulate';
export { dayOf } from './reports/options';
export { DEFAULT_HORIZON, fitValueModel, valueCustomers } from './reports/value-model';
export { computeCustomerScores, writeCustomerScores } from './service/scores';
