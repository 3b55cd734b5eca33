import { Link, useRouter } from './router';
import { currentSection, NAV_ROUTES } from './routes';

export function Nav() {
  const { location } = useRouter();
  const current = currentSection(location.pathname);
  return (
    <nav className="nav" aria-label="Main">
      <ul className="nav__list">
        {NAV_ROUTES.map((route) => (
          <li key={route.path}>
            <Link
              to={route.path}
              className="nav__link"
              aria-current={route.path === current ? 'page' : undefined}
            >
              {route.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
