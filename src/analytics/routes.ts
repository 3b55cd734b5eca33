import { actorOf, type Api, IdParams, Job, jsonSerializer, type RouteDeps } from '../platform/index';
import {
  ChannelReport,
  ChannelsQuery,
  ChurnQuery,
  ChurnReport,
  ClvQuery,
  ClvReport,
  CohortReport,
  CohortsQuery,
  PersonScores,
  ProfitabilityQuery,
  ProfitabilityReport,
  RfmQuery,
  RfmReport,
  WalletQuery,
  WalletReport,
} from './schema';
import { queueScoreRecompute } from './service/jobs';
import { analyzeChannels } from './service/channels';
import { analyzeChurn, analyzeCohorts } from './service/churn';
import { analyzeClv } from './service/clv';
import { analyzeProfitability } from './service/profitability';
import { analyzeRfm } from './service/rfm';
import { getPersonScores } from './service/scores';
import { analyzeShareOfWallet } from './service/share-of-wallet';

const tags = ['analytics'];
/** Reports carry NaN for a ratio over nothing: JSON.stringify writes null, fast-json-stringify refuses it. */
const serializerCompiler = jsonSerializer;

/**
 * The analytics API: summaries over the caller's workspace (segment sizes, deciles, whale curve,
 * fitted parameters, cohort matrix) with one page of per-customer detail; the score recompute job;
 * a person's scores.
 */
export function registerAnalyticsRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/analytics/rfm',
    {
      serializerCompiler,
      schema: {
        tags,
        summary: 'RFM scores and segments, top-20% revenue share, R×F grid, segment migration',
        querystring: RfmQuery,
        response: { 200: RfmReport },
      },
    },
    async (request) => analyzeRfm(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/profitability',
    {
      serializerCompiler,
      schema: {
        tags,
        summary: 'Customer profit (revenue − cost of goods − cost to serve), deciles, whale curve',
        querystring: ProfitabilityQuery,
        response: { 200: ProfitabilityReport },
      },
    },
    async (request) => analyzeProfitability(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/clv',
    {
      serializerCompiler,
      schema: {
        tags,
        summary: 'BG/NBD + Gamma-Gamma: P(alive), expected purchases, discounted CLV, holdout check',
        querystring: ClvQuery,
        response: { 200: ClvReport },
      },
    },
    async (request) => analyzeClv(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/churn',
    {
      serializerCompiler,
      schema: {
        tags,
        summary: 'Churn risk (1 − P(alive)), risk bands, monthly acquisition cohorts and retention',
        querystring: ChurnQuery,
        response: { 200: ChurnReport },
      },
    },
    async (request) => analyzeChurn(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/cohorts',
    {
      serializerCompiler,
      schema: {
        tags,
        summary: 'Monthly acquisition cohorts and their retention matrix',
        querystring: CohortsQuery,
        response: { 200: CohortReport },
      },
    },
    async (request) => analyzeCohorts(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/channels',
    {
      serializerCompiler,
      schema: {
        tags,
        summary: 'Channel mix per customer, smoothed toward the population, and the preferred channel',
        querystring: ChannelsQuery,
        response: { 200: ChannelReport },
      },
    },
    async (request) => analyzeChannels(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/share-of-wallet',
    {
      serializerCompiler,
      schema: {
        tags,
        summary: 'Our share of each customer’s known category spend (a person attribute)',
        querystring: WalletQuery,
        response: { 200: WalletReport },
      },
    },
    async (request) => analyzeShareOfWallet(db, actorOf(request), request.query),
  );

  app.post(
    '/api/analytics/scores/recompute',
    {
      schema: {
        tags,
        summary: 'Queue the job that recomputes every customer score of the workspace; returns the job',
        response: { 202: Job },
      },
    },
    async (request, reply) => reply.code(202).send(await queueScoreRecompute(db, actorOf(request))),
  );

  app.get(
    '/api/people/:id/scores',
    {
      schema: {
        tags,
        summary: 'A person’s scores (RFM, CLV, P(alive), churn risk, preferred channel, profit decile)',
        params: IdParams,
        response: { 200: PersonScores },
      },
    },
    async (request) => getPersonScores(db, actorOf(request), request.params.id),
  );
}
