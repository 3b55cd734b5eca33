import { Type } from 'typebox';
import { actorOf, type Api, IdParams, type RouteDeps } from '../platform/index';
import { queueScoreRecompute } from './service/jobs';
import { CHANNEL_SOURCES, analyzeChannels } from './service/channels';
import { analyzeChurn, analyzeCohorts } from './service/churn';
import { analyzeClv } from './service/clv';
import { MAX_PAGE_SIZE } from './reports/options';
import { analyzeProfitability } from './service/profitability';
import { SEGMENT_NAMES } from './reports/rfm-options';
import { analyzeRfm } from './service/rfm';
import { getPersonScores } from './service/scores';
import { analyzeShareOfWallet } from './service/share-of-wallet';

const Strict = { additionalProperties: false } as const;
const tags = ['analytics'];

/** Dates are checked by the services, which name the option in their errors. */
const Day = (description: string) => Type.Optional(Type.String({ maxLength: 10, description }));
const AsOf = Day('Last day counted, YYYY-MM-DD (UTC); default today');
const From = Day('First day counted, YYYY-MM-DD (UTC); default all history');
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, description: 'Page of the per-customer detail (1-based)' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_PAGE_SIZE, description: 'Customers per page (default 50)' }),
  ),
};

/**
 * The analytics API: summaries over the caller's workspace (segment sizes, deciles, whale curve,
 * fitted parameters, cohort matrix) with one page of per-customer detail; the score recompute job;
 * a person's scores.
 */
export function registerAnalyticsRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/analytics/rfm',
    {
      schema: {
        tags,
        summary: 'RFM scores and segments, top-20% revenue share, R×F grid, segment migration',
        querystring: Type.Object(
          {
            asOf: AsOf,
            compareTo: Day('An earlier day: adds the segment migration matrix from it to asOf'),
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
        ),
      },
    },
    async (request) => analyzeRfm(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/profitability',
    {
      schema: {
        tags,
        summary: 'Customer profit (revenue − cost of goods − cost to serve), deciles, whale curve',
        querystring: Type.Object(
          {
            asOf: AsOf,
            from: From,
            whalePoints: Type.Optional(
              Type.Integer({
                minimum: 2,
                maximum: 1000,
                description: 'Points of the whale curve (default 101)',
              }),
            ),
            ...Paging,
          },
          Strict,
        ),
      },
    },
    async (request) => analyzeProfitability(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/clv',
    {
      schema: {
        tags,
        summary: 'BG/NBD + Gamma-Gamma: P(alive), expected purchases, discounted CLV, holdout check',
        querystring: Type.Object(
          {
            asOf: Day('Calibration end, YYYY-MM-DD (UTC); default today'),
            horizonWeeks: Type.Optional(
              Type.Integer({ description: 'Expected purchases horizon (default 52)' }),
            ),
            clvMonths: Type.Optional(Type.Integer({ description: 'CLV horizon in months (default 12)' })),
            discountRate: Type.Optional(Type.Number({ description: 'Monthly discount rate (default 0.01)' })),
            calibrationEnd: Day('Adds a holdout check: fit up to this day, predict until asOf'),
            ...Paging,
          },
          Strict,
        ),
      },
    },
    async (request) => analyzeClv(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/churn',
    {
      schema: {
        tags,
        summary: 'Churn risk (1 − P(alive)), risk bands, monthly acquisition cohorts and retention',
        querystring: Type.Object(
          {
            asOf: AsOf,
            from: Day('First day of the purchases in the cohort table; default all history'),
            threshold: Type.Optional(Type.Number({ description: 'At-risk churn risk (default 0.5)' })),
            ...Paging,
          },
          Strict,
        ),
      },
    },
    async (request) => analyzeChurn(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/cohorts',
    {
      schema: {
        tags,
        summary: 'Monthly acquisition cohorts and their retention matrix',
        querystring: Type.Object({ asOf: AsOf, from: From }, Strict),
      },
    },
    async (request) => analyzeCohorts(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/channels',
    {
      schema: {
        tags,
        summary: 'Channel mix per customer, smoothed toward the population, and the preferred channel',
        querystring: Type.Object(
          {
            asOf: AsOf,
            from: From,
            source: Type.Optional(Type.Union(CHANNEL_SOURCES.map((s) => Type.Literal(s)))),
            priorStrength: Type.Optional(
              Type.Number({ description: 'Smoothing strength in touches (default 2)' }),
            ),
            ...Paging,
          },
          Strict,
        ),
      },
    },
    async (request) => analyzeChannels(db, actorOf(request), request.query),
  );

  app.get(
    '/api/analytics/share-of-wallet',
    {
      schema: {
        tags,
        summary: 'Our share of each customer’s known category spend (a person attribute)',
        querystring: Type.Object(
          {
            asOf: AsOf,
            from: Day('First day of our spend; default 365 days before asOf'),
            attribute: Type.Optional(
              Type.String({ maxLength: 63, description: 'Person attribute (default category_spend)' }),
            ),
            ...Paging,
          },
          Strict,
        ),
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
      },
    },
    async (request) => getPersonScores(db, actorOf(request), request.params.id),
  );
}
