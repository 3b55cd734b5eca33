/**
 * Rapport analytics: pure functions for customer value (numbers in, numbers out).
 *
 * - math: log-gamma, digamma, log-beta, log-sum-exp, Gauss ₂F₁, BFGS / Nelder-Mead optimisers.
 * - clv: transaction summaries, BG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB, CLV, holdout checks.
 * - rfm: RFM measures, quintile scores, segments, migration, revenue concentration.
 * - profitability: customer profit with cost to serve, deciles, whale curve.
 * - cohorts: acquisition cohorts, shifted-beta-geometric retention.
 * - channels: smoothed channel preference, share of wallet.
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
  type SummaryColumns,
  summarizeTransactionColumns,
  summaryCustomerId,
  summaryRows,
  toSummaryColumns,
} from './models/clv/summary';
export { compressColumns, type CompressedColumns } from './models/clv/compress';
export { paretoNbdLikelihood, type ParetoNbdLikelihood, predictParetoNbdRate } from './models/clv/pareto-nbd';
export { fitGammaGammaColumns } from './models/clv/gamma-gamma';
export {
  createSummaryReader,
  findSummaryColumns,
  readSummaryColumns,
  type SummaryFile,
  type SummaryReader,
} from './models/files/summary-reader';
export {
  createTransactionReader,
  readTransactionColumns,
  type TransactionLayout,
  type TransactionReader,
} from './models/files/transaction-reader';
export { compileDayFormat, type DayFormat, parseDay, parseDecimal } from './models/files/fields';
export {
  fromTransactionColumns,
  groupByCustomer,
  type TransactionColumns,
  toTransactionColumns,
} from './models/transactions';
export {
  computeRfmColumns,
  type RfmColumns,
  type RfmScoreColumns,
  scoreRfmColumns,
} from './models/rfm/rfm-columns';
export { segmentScores, segmentTable, type SegmentTable } from './models/rfm/segment-table';
export { lnHyp2f1Beta } from './models/math/hyp2f1-beta';
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
export {
  bucketsByValue,
  compareIdsIn,
  computeTopShare,
  type IdOrder,
  idOrderOf,
  rankPositions,
  sortIds,
} from './models/ranking';
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

// Database work: each analysis over a workspace, the score recompute job and its schedule, the routes.
export {
  analyzeChurnTransactions,
  analyzeClvTransactions,
  analyzeProfitabilityTransactions,
  analyzeRfmTransactions,
  analyzeSummaryFile,
  type ChurnTransactions,
  type Period,
  readModelHorizon,
  type SummaryAnalysis,
  type TransactionModels,
} from './reports/transaction-analyses';
export {
  openSummaryFile,
  openTransactionFile,
  readSummaryFile,
  readTransactionFile,
  type TransactionFileSpec,
  transactionLayout,
} from './reports/transaction-input';
export {
  fitSummaryModels,
  predictBgNbdRows,
  readSummaryModels,
  SUMMARY_MODELS,
  type SummaryCustomer,
  type SummaryModelName,
  type SummaryModels,
} from './reports/summary-models';
export { type NumberColumn, type RowColumn, RowTable, type TextColumn } from './reports/row-table';
export { describeTieOrder, type RfmReport, type RfmTableReport } from './reports/rfm-report';
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
