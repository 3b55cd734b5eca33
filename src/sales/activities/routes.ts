import { actorOf, type Api, type RouteDeps } from '../../platform/index';
import { IdParams } from '../pipeline/schema';
import { listActivities, logActivity } from './activities';
import { ActivityCreate, ActivityPage, ActivityQuery, ActivityView } from './schema';

/** Sales calls, meetings and demos on an opportunity. */
export function registerActivityRoutes(app: Api, { db }: RouteDeps): void {
  app.post(
    '/api/opportunities/:id/activities',
    {
      schema: {
        tags: ['sales'],
        summary:
          'Log a sales call, meeting or demo: an interaction on the customer’s timeline, with outcome and next ' +
          'step; `task` schedules the next step',
        params: IdParams,
        body: ActivityCreate,
        response: { 201: ActivityView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await logActivity(db, actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/api/opportunities/:id/activities',
    {
      schema: {
        tags: ['sales'],
        summary: 'An opportunity’s sales activities, newest first',
        params: IdParams,
        querystring: ActivityQuery,
        response: { 200: ActivityPage },
      },
    },
    async (request) => listActivities(db, actorOf(request), request.params.id, request.query),
  );
}
