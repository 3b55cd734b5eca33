import { actorOf, type Api, IdParams, type RouteDeps } from '../../platform/index';
import { getConsents, recordConsent } from './consent';
import { ConsentInput, Consents } from './schema';

export function registerConsentRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/people/:id/consents',
    {
      schema: {
        tags: ['customers'],
        summary: 'Current consent per channel and purpose, and the full history',
        params: IdParams,
        response: { 200: Consents },
      },
    },
    async (request) => getConsents(db, actorOf(request), request.params.id),
  );
  app.post(
    '/api/people/:id/consents',
    {
      schema: {
        tags: ['customers'],
        summary: 'Record a grant or a withdrawal of consent; it takes effect at once',
        params: IdParams,
        body: ConsentInput,
        response: { 201: Consents },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordConsent(db, actorOf(request), request.params.id, request.body)),
  );
}
