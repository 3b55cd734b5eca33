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

export { computeAcquisitionCohorts, type AcquisitionCohort } from './cohorts/acquisition';
export {
  computeSbgChurnProbability,
  computeSbgRetentionRate,
  computeSbgSurvival,
  evaluateSbgLogLikelihood,
  fitShiftedBetaGeometric,
  projectSbgSurvivors,
  type SbgFit,
  type SbgParams,
} from './cohorts/sbg';
export {
  type ChannelEvent,
  type ChannelPreference,
  type ChannelPreferences,
  computeChannelPreferences,
} from './channels/preference';
export {
  computeAggregateShareOfWallet,
  computeShareOfWallet,
  type WalletRow,
  type WalletShare,
} from './channels/share-of-wallet';
export {
  type BgBbHistory,
  type BgBbParams,
  evaluateBgBbLogLikelihood,
  fitBgBb,
  predictBgBb,
  predictBgBbAlive,
  predictBgBbUnconditional,
} from './clv/bgbb';
export {
  type BgNbdParams,
  evaluateBgNbdLogLikelihood,
  type FitOptions,
  fitBgNbd,
  type ModelFit,
} from './clv/bgnbd';
export { predictBgNbd, predictBgNbdAlive, predictBgNbdUnconditional } from './clv/bgnbd-predict';
export { type ClvOptions, computeClv, computeClvByMonth } from './clv/clv';
export { type CompressedSummary, compressSummaries, type PurchaseHistory } from './clv/compress';
export {
  correlateFrequencySpend,
  evaluateGammaGammaLogLikelihood,
  fitGammaGamma,
  type GammaGammaParams,
  predictGammaGammaSpend,
  type SpendHistory,
} from './clv/gamma-gamma';
export {
  comparePurchasesByFrequency,
  countHoldoutPurchases,
  type FrequencyGroup,
  type HoldoutOptions,
  type HoldoutRow,
} from './clv/holdout';
export {
  evaluateParetoNbdLogLikelihood,
  fitParetoNbd,
  type ParetoNbdParams,
  predictParetoNbd,
  predictParetoNbdAlive,
  predictParetoNbdUnconditional,
} from './clv/pareto-nbd';
export {
  type CustomerSummary,
  type SummaryOptions,
  summarizeTransactions,
  type Transaction,
} from './clv/summary';
export { parseSummaryCsv, type SummaryCsvColumns } from './clv/summary-csv';
export {
  parseCsvTransactions,
  parseWhitespaceTransactions,
  type TransactionFileOptions,
  type WhitespaceFileOptions,
} from './clv/transaction-file';
export { parseDate } from './dates';
export { InputError } from './input-error';
export { lbeta } from './math/beta';
export { minimizeBfgs, type BfgsOptions } from './math/bfgs';
export { digamma } from './math/digamma';
export { gammaSign, lgamma } from './math/gamma';
export { hyp2f1 } from './math/hyp2f1';
export { logAddExp, logDiffExp, logSumExp } from './math/log-sum-exp';
export { minimize, type MinimizeOptions } from './math/minimize';
export { minimizeNelderMead, type NelderMeadOptions } from './math/nelder-mead';
export { numericGradient, withNumericGradient } from './math/numeric-gradient';
export {
  assertConverged,
  ConvergenceError,
  type GradientObjective,
  type Objective,
  type OptimizeResult,
} from './math/optimize-types';
export {
  type CustomerProfit,
  computeCustomerProfit,
  type OrderCost,
  type ServiceActivity,
} from './profitability/customer-profit';
export {
  computeProfitDeciles,
  computeProfitShares,
  computeWhaleCurve,
  type ProfitDecile,
  type ProfitRow,
  type WhaleCurve,
  type WhalePoint,
} from './profitability/distribution';
export { computeTopShare } from './ranking';
export { computeTopRevenueShare } from './rfm/concentration';
export { computeSegmentMigration, type SegmentMigration } from './rfm/migration';
export { computeRfm, type RfmRecord } from './rfm/rfm';
export { type RfmScore, scoreRfm } from './rfm/scores';
export {
  classifyRfm,
  DEFAULT_SEGMENT_RULES,
  type RfmSegment,
  type SegmentRule,
  segmentRfm,
} from './rfm/segments';
