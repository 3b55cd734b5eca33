import { PageHeader } from '../ui/PageHeader';

export function DuplicatesPage() {
  return <PageHeader title="Duplicates" />;
}
