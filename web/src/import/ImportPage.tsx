import { PageHeader } from '../ui/PageHeader';

export function ImportPage() {
  return <PageHeader title="Import" />;
}
