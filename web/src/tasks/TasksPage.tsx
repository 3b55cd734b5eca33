import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

export function TasksPage() {
  return (
    <>
      <PageHeader title="Tasks" />
      <EmptyState title="No tasks yet">
        <p>Follow-ups and to-dos for your team will be listed here.</p>
      </EmptyState>
    </>
  );
}
