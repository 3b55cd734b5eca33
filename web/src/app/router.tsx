import {
  type AnchorHTMLAttributes,
  createContext,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';

/**
 * A deliberately small History-API router: real URLs, back/forward, reload-safe.
 * The server answers index.html for every non-/api path, so any URL can be pasted.
 */

export interface RouteLocation {
  pathname: string;
  search: string;
}

export interface NavigateOptions {
  replace?: boolean;
}

interface RouterContextValue {
  location: RouteLocation;
  /** Incremented on every in-app navigation (push, replace, back/forward); 0 on first load. */
  navigationCount: number;
  navigate(to: string, options?: NavigateOptions): void;
}

const RouterContext = createContext<RouterContextValue | null>(null);

function readLocation(): RouteLocation {
  return { pathname: window.location.pathname, search: window.location.search };
}

export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<RouteLocation>(readLocation);
  const [navigationCount, setNavigationCount] = useState(0);

  useEffect(() => {
    const onPopState = () => {
      setLocation(readLocation());
      setNavigationCount((n) => n + 1);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback((to: string, options: NavigateOptions = {}) => {
    const current = window.location.pathname + window.location.search;
    if (to === current && !options.replace) return;
    if (options.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setLocation(readLocation());
    setNavigationCount((n) => n + 1);
  }, []);

  const value = useMemo(
    () => ({ location, navigationCount, navigate }),
    [location, navigationCount, navigate],
  );
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterContextValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter must be used inside <RouterProvider>');
  return value;
}

/** Redirect while rendering is not allowed in React, so redirects are an effect. */
export function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary <a href> (so middle-click, ctrl-click and "copy link" work) that navigates in-app. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const { navigate } = useRouter();
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      (rest.target !== undefined && rest.target !== '_self')
    ) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handleClick} {...rest}>
      {children}
    </a>
  );
}
