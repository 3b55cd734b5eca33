import type { RouteOptions } from 'fastify';
import type { Api } from '../platform/index';

/**
 * Refuses, as it is registered, an API route that does not declare its answer: every route under
 * /api/ must give `schema.response` a success entry (a 2xx code, `2xx` or `default`; a 204 declares
 * NoContent). Without it the OpenAPI document does not describe the answer, the web app has no type
 * to import for it, and the HTTP tests' response check has nothing to hold the answer to.
 *
 * Hidden routes are not spared: hiding a route from the document is no reason to leave its answer
 * undeclared. Routes registered before this hook (the document itself, the Swagger UI) and routes
 * outside /api/ (the web app's files) are not checked.
 */
export function requireResponseSchemas(app: Api): void {
  app.addHook('onRoute', (route) => {
    const problem = responseSchemaProblem(route);
    if (problem) throw new Error(problem);
  });
}

/** Why a route may not be registered as it is, or undefined when its answer is declared. */
export function responseSchemaProblem(
  route: Pick<RouteOptions, 'method' | 'url' | 'schema'>,
): string | undefined {
  if (!route.url?.startsWith('/api/')) return undefined;
  const methods = [route.method].flat().join(',');
  const name = `${methods} ${route.url}`;
  const response = route.schema?.response;
  if (typeof response !== 'object' || response === null)
    return `${name} has no response schema: declare its answer in schema.response (the slice's schema.ts)`;
  const success = Object.keys(response).filter((code) => /^(2\d\d|2xx|default)$/i.test(code));
  if (success.length === 0)
    return `${name} declares no success answer in schema.response (only ${Object.keys(response).join(', ') || 'nothing'})`;
  return undefined;
}
