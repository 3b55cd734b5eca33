import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

export function CustomersPage() {
  return (
    <>
      <PageHeader title="Customers" />
      <EmptyState title="No customers yet">
        <p>People and companies you work with will be listed here.</p>
      </EmptyState>
    </>
  );
}
