import type { Session } from '../auth/api';
import { PageHeader } from '../ui/PageHeader';
import { Link } from './router';
import { NAV_ROUTES } from './routes';

const SECTION_BLURBS: Record<string, string> = {
  '/customers': 'People and companies you work with.',
  '/tasks': 'Follow-ups and to-dos for your team.',
  '/analytics': 'Reports about customers and pipeline.',
  '/admin': 'Workspace settings and users.',
};

export function HomePage({ session }: { session: Session }) {
  const sections = NAV_ROUTES.filter((route) => route.path in SECTION_BLURBS);
  return (
    <>
      <PageHeader
        title="Home"
        description={
          <>
            Welcome, {session.user.name}. You are signed in to <strong>{session.workspace.name}</strong>.
          </>
        }
      />
      <ul className="card-grid">
        {sections.map((route) => (
          <li key={route.path}>
            <Link className="card card--link" to={route.path}>
              <span className="card__title">{route.label}</span>
              <span className="card__body">{SECTION_BLURBS[route.path]}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
