/** The app's top-level sections, in navigation order. Later issues fill in the pages. */
export interface NavRoute {
  path: string;
  label: string;
}

export const NAV_ROUTES: readonly NavRoute[] = [
  { path: '/', label: 'Home' },
  { path: '/customers', label: 'Customers' },
  { path: '/tasks', label: 'Tasks' },
  { path: '/analytics', label: 'Analytics' },
  { path: '/admin', label: 'Admin' },
];

export const LOGIN_PATH = '/login';
export const HOME_PATH = '/';

/** Normalise a pathname: drop a trailing slash (except for "/"). */
export function normalisePath(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.replace(/\/+$/, '') || '/' : pathname;
}

/**
 * Where to go after logging in: the page the visitor originally asked for when it is one of
 * ours (so a pasted deep link survives the login detour), otherwise home. Never an external URL.
 */
export function safeNextPath(next: string | null): string {
  if (!next) return HOME_PATH;
  const path = normalisePath(next);
  return NAV_ROUTES.some((route) => route.path === path) ? path : HOME_PATH;
}
