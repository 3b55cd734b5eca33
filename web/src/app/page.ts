import type { Session } from '../auth/api';

/** What every page of the routes table receives. */
export interface PageProps {
  session: Session;
  /** The `:name` parameters of the route's pattern, decoded. */
  params: Record<string, string>;
}
