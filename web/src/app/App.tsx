import { QueryClientProvider } from '@tanstack/react-query';
import { type ComponentType, lazy, Suspense, useState } from 'react';
import type { Session } from '../auth/api';
import { LoginPage } from '../auth/LoginPage';
import { ResetPasswordPage } from '../auth/ResetPasswordPage';
import { SessionProvider, useSession } from '../auth/session';
import { createQueryClient } from '../lib/query';
import { FullPageStatus } from '../ui/FullPageStatus';
import { Spinner } from '../ui/Spinner';
import { ToastProvider } from '../ui/Toast';
import { AppFrame } from './AppFrame';
import { HomePage } from './HomePage';
import { NotFoundPage } from './NotFoundPage';
import type { PageProps } from './page';
import { PageBoundary } from './PageBoundary';
import { pageLoaders } from './page-loaders';
import { Redirect, RouterProvider, useRouter } from './router';
import {
  HOME_PATH,
  LOGIN_PATH,
  matchRoute,
  normalisePath,
  PUBLIC_QUOTE_PREFIX,
  RESET_PASSWORD_PATH,
  type RouteId,
  safeNextPath,
} from './routes';

/**
 * The component of every route in routes.ts. Home is in the first download; every other page is
 * its own chunk, fetched on first visit (see page-loaders.ts), so logging in loads little.
 */
const PAGES: Record<RouteId, ComponentType<PageProps>> = {
  home: HomePage,
  customers: lazy(pageLoaders.customers),
  customer: lazy(pageLoaders.customer),
  accounts: lazy(pageLoaders.accounts),
  account: lazy(pageLoaders.account),
  tasks: lazy(pageLoaders.tasks),
  duplicates: lazy(pageLoaders.duplicates),
  import: lazy(pageLoaders.import),
  analytics: lazy(pageLoaders.analytics),
  admin: lazy(pageLoaders.admin),
  leads: lazy(pageLoaders.leads),
  lead: lazy(pageLoaders.lead),
  pipeline: lazy(pageLoaders.pipeline),
  opportunity: lazy(pageLoaders.opportunity),
  quote: lazy(pageLoaders.quote),
};

/** The customer's quote page: its own chunk, shown without a session (see PUBLIC_QUOTE_PREFIX). */
const PublicQuotePage = lazy(() =>
  import('../sales/PublicQuotePage').then((m) => ({ default: m.PublicQuotePage })),
);

function Page({ path, session }: { path: string; session: Session }) {
  const match = matchRoute(path);
  if (!match) return <NotFoundPage />;
  const Component = PAGES[match.route.id];
  // A new key per address: a page for another customer starts fresh (no stale form state).
  return (
    <PageBoundary key={path}>
      <Suspense fallback={<Spinner label="Loading the page…" />}>
        <Component session={session} params={match.params} />
      </Suspense>
    </PageBoundary>
  );
}

function ServerUnavailable({ message }: { message: string }) {
  const { refresh } = useSession();
  return (
    <div className="login">
      <main className="login__card">
        <h1 className="login__title">Rapport is unavailable</h1>
        <p className="alert alert--error" role="alert">
          {message}
        </p>
        <button type="button" className="button button--primary button--block" onClick={refresh}>
          Try again
        </button>
      </main>
    </div>
  );
}

function Routes() {
  const { state } = useSession();
  const { location } = useRouter();
  const path = normalisePath(location.pathname);

  // A customer opening a quote's link: no session, no app frame, whatever the session state.
  if (path.startsWith(PUBLIC_QUOTE_PREFIX)) {
    return (
      <Suspense fallback={<FullPageStatus label="Loading the quote…" />}>
        <PublicQuotePage token={path.slice(PUBLIC_QUOTE_PREFIX.length)} />
      </Suspense>
    );
  }
  if (state.status === 'loading') return <FullPageStatus label="Loading Rapport…" />;
  if (state.status === 'error') return <ServerUnavailable message={state.message} />;
  if (path === RESET_PASSWORD_PATH) return <ResetPasswordPage />;

  if (state.status === 'anonymous') {
    if (path === LOGIN_PATH) return <LoginPage />;
    // Remember a deep link so the visitor lands there after logging in (not after "Log out").
    const next = path === HOME_PATH || state.loggedOut ? '' : `?next=${encodeURIComponent(path)}`;
    return <Redirect to={`${LOGIN_PATH}${next}`} />;
  }

  if (path === LOGIN_PATH) {
    // Just logged in (or visited /login while logged in): go home, or back to the deep link.
    return <Redirect to={safeNextPath(new URLSearchParams(location.search).get('next'))} />;
  }
  return (
    <AppFrame session={state}>
      <Page path={path} session={state} />
    </AppFrame>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider>
        <SessionProvider>
          <ToastProvider>
            <Routes />
          </ToastProvider>
        </SessionProvider>
      </RouterProvider>
    </QueryClientProvider>
  );
}
