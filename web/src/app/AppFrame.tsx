import { type ReactNode, useEffect, useState } from 'react';
import type { Session } from '../auth/api';
import { ChangePasswordButton } from '../auth/ChangePassword';
import { useSession } from '../auth/session';
import { errorMessage } from '../lib/api';
import { SearchBox } from '../search/SearchBox';
import { LiveIndicator, ScreenPopBanner, useScreenPop } from '../telephony/ScreenPop';
import { focusPageHeading } from '../ui/PageHeader';
import { HealthStatus } from './HealthStatus';
import { Nav } from './Nav';
import { Link, useRouter } from './router';
import { HOME_PATH } from './routes';

const MAIN_ID = 'main-content';

function UserMenu({ session }: { session: Session }) {
  const { logout } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const handleLogout = async () => {
    setBusy(true);
    setError(null);
    try {
      // The session turns anonymous and <Routes> redirects to /login.
      await logout();
    } catch (caught) {
      setError(`Could not log out: ${errorMessage(caught)}`);
      setBusy(false);
    }
  };

  return (
    <div className="user-menu">
      <div className="user-menu__identity">
        <span className="user-menu__name" data-testid="user-name">
          {session.user.name}
        </span>
        <span className="user-menu__email">{session.user.email}</span>
      </div>
      <ChangePasswordButton />
      <button type="button" className="button button--secondary" onClick={handleLogout} disabled={busy}>
        {busy ? 'Logging out…' : 'Log out'}
      </button>
      {error ? (
        <p className="user-menu__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function AppFrame({ session, children }: { session: Session; children: ReactNode }) {
  const { location, navigationCount } = useRouter();
  const screenPop = useScreenPop();

  // After an in-app navigation, move focus to the new page's heading so keyboard and
  // screen-reader users start at the top of the new content (not on first load).
  useEffect(() => {
    if (navigationCount === 0) return;
    void location.pathname;
    focusPageHeading();
  }, [location.pathname, navigationCount]);

  return (
    <div className="frame">
      <a className="skip-link" href={`#${MAIN_ID}`}>
        Skip to main content
      </a>
      <header className="frame__header">
        <Link to={HOME_PATH} className="brand">
          <span className="brand__mark" aria-hidden="true">
            R
          </span>
          <span className="brand__name">Rapport</span>
        </Link>
        <span className="frame__workspace" data-testid="workspace-name">
          <span className="visually-hidden">Workspace: </span>
          {session.workspace.name}
        </span>
        <SearchBox />
        <LiveIndicator status={screenPop.status} />
        <UserMenu session={session} />
      </header>
      <div className="frame__sidebar">
        <Nav />
      </div>
      <main id={MAIN_ID} className="frame__main" tabIndex={-1}>
        <ScreenPopBanner {...screenPop} />
        {children}
      </main>
      <footer className="frame__footer">
        <HealthStatus />
      </footer>
    </div>
  );
}
