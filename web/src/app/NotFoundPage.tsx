import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Link } from './router';
import { HOME_PATH } from './routes';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is nothing at this address">
        <p>
          Check the link, or go back to <Link to={HOME_PATH}>Home</Link>.
        </p>
      </EmptyState>
    </>
  );
}
