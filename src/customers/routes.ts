import type { Api, RouteDeps } from '../platform/index';
import { registerAccountRoutes } from './accounts/accounts-routes';
import { registerAttributeRoutes } from './attributes/attributes-routes';
import { registerConsentRoutes } from './consent/consent-routes';
import { registerMergeRoutes } from './identity/merge-routes';
import { registerMergedPersonRedirect } from './identity/merged-redirect';
import { registerLifecycleRoutes } from './lifecycle/lifecycle-routes';
import { registerListRoutes } from './lists/list-routes';
import { registerPeopleRoutes } from './people/routes';
import { registerSearchRoutes } from './search/search-routes';

/** Every route of the customers slice: people, accounts, attributes, consent, lifecycle, lists, search, merge. */
export function registerRoutes(app: Api, deps: RouteDeps): void {
  registerPeopleRoutes(app, deps);
  registerConsentRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerAttributeRoutes(app, deps);
  registerLifecycleRoutes(app, deps);
  registerSearchRoutes(app, deps);
  registerMergeRoutes(app, deps);
  registerMergedPersonRedirect(app, deps);
  registerListRoutes(app, deps);
}
