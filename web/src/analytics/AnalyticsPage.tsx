import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

export function AnalyticsPage() {
  return (
    <>
      <PageHeader title="Analytics" />
      <EmptyState title="No reports yet">
        <p>Reports about your customers and pipeline will be shown here.</p>
      </EmptyState>
    </>
  );
}
