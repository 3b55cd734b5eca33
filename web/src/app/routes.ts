/**
 * The routes table: every page of the app with its URL pattern. Navigation shows the entries that
 * have a `label`, in this order. To add a page: add an entry here (with a new `RouteId`), then its
 * component in `PAGES` (App.tsx); the type checker insists on both.
 */
export type RouteId =
  | 'home'
  | 'customers'
  | 'customer'
  | 'accounts'
  | 'account'
  | 'tasks'
  | 'duplicates'
  | 'import'
  | 'analytics'
  | 'admin'
  // Sales: leads, the pipeline board, opportunities, quotes.
  | 'leads'
  | 'lead'
  | 'pipeline'
  | 'opportunity'
  | 'quote';

export interface RouteDef {
  id: RouteId;
  /** A path with `:name` segments for parameters, e.g. `/customers/:id`. */
  pattern: string;
  /** Shown in the main navigation when set. */
  label?: string;
  /** The navigation entry highlighted on this page (e.g. a customer page highlights Customers). */
  section?: string;
}

export const ROUTES: readonly RouteDef[] = [
  { id: 'home', pattern: '/', label: 'Home' },
  { id: 'customers', pattern: '/customers', label: 'Customers' },
  { id: 'customer', pattern: '/customers/:id', section: '/customers' },
  { id: 'accounts', pattern: '/accounts', label: 'Accounts' },
  { id: 'account', pattern: '/accounts/:id', section: '/accounts' },
  { id: 'tasks', pattern: '/tasks', label: 'Tasks' },
  { id: 'leads', pattern: '/leads', label: 'Leads' },
  { id: 'lead', pattern: '/leads/:id', section: '/leads' },
  { id: 'pipeline', pattern: '/pipeline', label: 'Pipeline' },
  { id: 'opportunity', pattern: '/opportunities/:id', section: '/pipeline' },
  { id: 'quote', pattern: '/quotes/:id', section: '/pipeline' },
  { id: 'duplicates', pattern: '/duplicates', label: 'Duplicates' },
  { id: 'import', pattern: '/import', label: 'Import' },
  { id: 'analytics', pattern: '/analytics', label: 'Analytics' },
  { id: 'admin', pattern: '/admin', label: 'Admin' },
];

/** The top-level sections, in navigation order. */
export interface NavRoute {
  path: string;
  label: string;
}

export const NAV_ROUTES: readonly NavRoute[] = ROUTES.flatMap((r) =>
  r.label ? [{ path: r.pattern, label: r.label }] : [],
);

export const LOGIN_PATH = '/login';
/** Setting a new password with a one-time link an admin made; open without a session. */
export const RESET_PASSWORD_PATH = '/reset-password';
export const HOME_PATH = '/';
/** A customer's page of a quote, through its link; open without a session. */
export const PUBLIC_QUOTE_PREFIX = '/quote/';

/** Links to pages with parameters. */
export const paths = {
  customer: (id: string) => `/customers/${encodeURIComponent(id)}`,
  account: (id: string) => `/accounts/${encodeURIComponent(id)}`,
  tasks: () => '/tasks',
  leads: () => '/leads',
  lead: (id: string) => `/leads/${encodeURIComponent(id)}`,
  pipeline: () => '/pipeline',
  opportunity: (id: string) => `/opportunities/${encodeURIComponent(id)}`,
  quote: (id: string) => `/quotes/${encodeURIComponent(id)}`,
};

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

/** Normalise a pathname: drop a trailing slash (except for "/"). */
export function normalisePath(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.replace(/\/+$/, '') || '/' : pathname;
}

/** The route a path belongs to, with its decoded parameters; null when no page has this address. */
export function matchRoute(pathname: string): RouteMatch | null {
  const parts = splitPath(normalisePath(pathname));
  for (const route of ROUTES) {
    const pattern = splitPath(route.pattern);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (const [i, segment] of pattern.entries()) {
      const part = parts[i] ?? '';
      if (segment.startsWith(':')) {
        const value = safeDecode(part);
        if (value === null || value === '') {
          ok = false;
          break;
        }
        params[segment.slice(1)] = value;
      } else if (segment !== part) {
        ok = false;
        break;
      }
    }
    if (ok) return { route, params };
  }
  return null;
}

/** The navigation entry to highlight for a path. */
export function currentSection(pathname: string): string | null {
  const match = matchRoute(pathname);
  if (!match) return null;
  return match.route.section ?? (match.route.label ? match.route.pattern : null);
}

/**
 * Where to go after logging in: the page the visitor originally asked for when it is one of
 * ours (so a pasted deep link survives the login detour), otherwise home. Never an external URL.
 */
export function safeNextPath(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//')) return HOME_PATH;
  const path = normalisePath(next);
  return matchRoute(path) ? path : HOME_PATH;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
