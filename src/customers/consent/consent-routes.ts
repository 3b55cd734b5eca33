import { Type } from 'typebox';
import { actorOf, type Api, IdParams, type RouteDeps } from '../../platform/index';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, getConsents, recordConsent } from './consent';

export function registerConsentRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/people/:id/consents',
    {
      schema: {
        tags: ['customers'],
        summary: 'Current consent per channel and purpose, and the full history',
        params: IdParams,
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
        body: Type.Object(
          {
            channel: Type.Union(CONSENT_CHANNELS.map((c) => Type.Literal(c))),
            purpose: Type.Union(CONSENT_PURPOSES.map((p) => Type.Literal(p))),
            state: Type.Union([Type.Literal('granted'), Type.Literal('withdrawn')]),
            source: Type.String({ minLength: 1, maxLength: 200 }),
            proof: Type.Optional(Type.String({ maxLength: 10_000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordConsent(db, actorOf(request), request.params.id, request.body)),
  );
}
