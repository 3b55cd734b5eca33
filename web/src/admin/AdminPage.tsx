import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

export function AdminPage() {
  return (
    <>
      <PageHeader title="Admin" />
      <EmptyState title="No settings yet">
        <p>Workspace settings and user management will be available here.</p>
      </EmptyState>
    </>
  );
}
