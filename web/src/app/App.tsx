import { AdminPage } from '../admin/AdminPage';
import { AnalyticsPage } from '../analytics/AnalyticsPage';
import type { Session } from '../auth/api';
import { LoginPage } from '../auth/LoginPage';
import { SessionProvider, useSession } from '../auth/session';
import { CustomersPage } from '../customers/CustomersPage';
import { TasksPage } from '../tasks/TasksPage';
import { FullPageStatus } from '../ui/FullPageStatus';
import { AppFrame } from './AppFrame';
import { HomePage } from './HomePage';
import { NotFoundPage } from './NotFoundPage';
import { Redirect, RouterProvider, useRouter } from './router';
import { HOME_PATH, LOGIN_PATH, normalisePath, safeNextPath } from './routes';

function Page({ path, session }: { path: string; session: Session }) {
  switch (path) {
    case HOME_PATH:
      return <HomePage session={session} />;
    case '/customers':
      return <CustomersPage />;
    case '/tasks':
      return <TasksPage />;
    case '/analytics':
      return <AnalyticsPage />;
    case '/admin':
      return <AdminPage />;
    default:
      return <NotFoundPage />;
  }
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

  if (state.status === 'loading') return <FullPageStatus label="Loading Rapport…" />;
  if (state.status === 'error') return <ServerUnavailable message={state.message} />;

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
  return (
    <RouterProvider>
      <SessionProvider>
        <Routes />
      </SessionProvider>
    </RouterProvider>
  );
}
