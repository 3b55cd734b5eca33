import { actorOf, type Api, type RouteDeps } from '../../platform/index';
import { resolveMergedPerson } from './tombstones';

/** Person routes whose `:id` a merged person's old id may name. */
const PERSON_ROUTE = /^\/api\/people\/:id(\/|$)/;

/**
 * GET /api/people/{id} (and its sub-resources) with the id of a merged person answers
 * 308 Permanent Redirect, Location: the same path on the survivor, body {mergedInto, location}.
 * Only a 404 is looked up, so live people cost nothing extra.
 */
export function registerMergedPersonRedirect(app: Api, { db }: RouteDeps): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 404 || request.method !== 'GET' || !request.principal) return payload;
    const route = request.routeOptions.url;
    const id = (request.params as { id?: unknown } | undefined)?.id;
    if (!route || !PERSON_ROUTE.test(route) || typeof id !== 'string') return payload;
    const survivor = await resolveMergedPerson(db, actorOf(request), id).catch(() => null);
    if (!survivor) return payload;
    const [pathname = '', query] = request.url.split('?');
    const location = `${pathname.replace(`/api/people/${id}`, `/api/people/${survivor}`)}${query ? `?${query}` : ''}`;
    reply.code(308).header('location', location).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ mergedInto: survivor, location });
  });
}
