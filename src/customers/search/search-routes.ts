import { actorOf, type Api, IdParams, type RouteDeps } from '../../platform/index';
import { getCustomer360 } from '../customer-360/customer-360';
import { Customer360, type Customer360Reply } from '../customer-360/schema';
import { SearchQuery, SearchResults } from './schema';
import { searchCustomers } from './search';

/** Finding the customer: the one search box and the customer 360 page. */
export function registerSearchRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['customers'],
        summary:
          'One box for everything: name (prefix and similar), email, phone in any format or its last 7+ digits, ' +
          'external id (source:id), account name or domain; best first, with what matched',
        querystring: SearchQuery,
        response: { 200: SearchResults },
      },
    },
    async (request) => searchCustomers(db, actorOf(request), request.query),
  );
  app.get(
    '/api/people/:id/360',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Customer 360: profile, identities, consent, account, lifecycle stage, latest interactions, open tasks, ' +
          'orders summary, open cases and opportunities, scores, next best offer',
        params: IdParams,
        response: { 200: Customer360 },
      },
    },
    async (request) => (await getCustomer360(db, actorOf(request), request.params.id)) as Customer360Reply,
  );
}
