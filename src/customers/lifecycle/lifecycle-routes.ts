import { actorOf, type Api, IdParams, type RouteDeps } from '../../platform/index';
import { getLifecycleFunnel, getLifecycleHistory } from './lifecycle';
import { Funnel, FunnelQuery, LifecycleHistory } from './schema';

/** Lifecycle measures: a person's stage history, and the workspace's funnel over a period. */
export function registerLifecycleRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/people/:id/lifecycle',
    {
      schema: {
        tags: ['customers'],
        summary: "A person's lifecycle stages, oldest first, with the time spent in each (seconds)",
        params: IdParams,
        response: { 200: LifecycleHistory },
      },
    },
    async (request) => getLifecycleHistory(db, actorOf(request), request.params.id),
  );
  app.get(
    '/api/lifecycle/funnel',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Per lifecycle stage, the entries made in [from, to) (default: the last 90 days) followed to today: ' +
          'how many entered, median and mean time in stage (seconds) of those that moved on, and ' +
          'conversion to the next stage(s)',
        querystring: FunnelQuery,
        response: { 200: Funnel },
      },
    },
    async (request) => getLifecycleFunnel(db, actorOf(request), request.query),
  );
}
