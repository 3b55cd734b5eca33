import type { ComponentType } from 'react';
import type { PageProps } from './page';
import type { RouteId } from './routes';

type PageModule = { default: ComponentType<PageProps> };
type Loader = () => Promise<PageModule>;

/**
 * The pages that are downloaded on first visit, each its own chunk (App.tsx wraps them in
 * React.lazy). A loader runs its import once: later calls, and `preloadPage`, share the promise.
 */
export const pageLoaders = {
  customers: once(() => import('../lists/PeopleListPage').then((m) => ({ default: m.PeopleListPage }))),
  customer: once(() => import('../customers/CustomerPage').then((m) => ({ default: m.CustomerPage }))),
  accounts: once(() => import('../accounts/AccountsListPage').then((m) => ({ default: m.AccountsListPage }))),
  account: once(() => import('../accounts/AccountPage').then((m) => ({ default: m.AccountPage }))),
  tasks: once(() => import('../tasks/TasksPage').then((m) => ({ default: m.TasksPage }))),
  duplicates: once(() => import('../duplicates/DuplicatesPage').then((m) => ({ default: m.DuplicatesPage }))),
  import: once(() => import('../import/ImportPage').then((m) => ({ default: m.ImportPage }))),
  analytics: once(() => import('../analytics/AnalyticsPage').then((m) => ({ default: m.AnalyticsPage }))),
  admin: once(() => import('../admin/AdminPage').then((m) => ({ default: m.AdminPage }))),
  leads: once(() => import('../sales/LeadsPage').then((m) => ({ default: m.LeadsPage }))),
  lead: once(() => import('../sales/LeadPage').then((m) => ({ default: m.LeadPage }))),
  pipeline: once(() => import('../sales/PipelineBoardPage').then((m) => ({ default: m.PipelineBoardPage }))),
  opportunity: once(() => import('../sales/OpportunityPage').then((m) => ({ default: m.OpportunityPage }))),
  quote: once(() => import('../sales/QuotePage').then((m) => ({ default: m.QuotePage }))),
} satisfies Partial<Record<RouteId, Loader>>;

export type LazyPageId = keyof typeof pageLoaders;

/**
 * Starts downloading a page before it is opened (e.g. the customer page while search results
 * show), so the click waits only for its data. Errors are left to the page's own load.
 */
export function preloadPage(id: LazyPageId): void {
  pageLoaders[id]().catch(() => undefined);
}

function once(load: Loader): Loader {
  let loading: Promise<PageModule> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      // A failed download (offline, new deploy) is tried again on the next visit.
      loading = null;
      throw error;
    });
    return loading;
  };
}
