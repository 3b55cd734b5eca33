import { actorOf, type Api, IdParams, type RouteDeps } from '../platform/index';
import { erasePerson } from './erase';
import { exportPerson } from './export';
import { ErasureReport, PersonExport } from './schema';

export function registerPrivacyRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/people/:id/export',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Everything held about a person, as JSON (audited)',
        params: IdParams,
        response: { 200: PersonExport },
      },
    },
    async (request) => exportPerson(db, actorOf(request), request.params.id),
  );
  app.post(
    '/api/people/:id/erase',
    {
      schema: {
        tags: ['privacy'],
        summary:
          'Erase personal fields, identities and interaction contents; order amounts stay anonymised, consent history stays as proof',
        params: IdParams,
        response: { 200: ErasureReport },
      },
    },
    async (request) => erasePerson(db, actorOf(request), request.params.id),
  );
}
