import type { PageProps } from '../app/page';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

/** Placeholder until the accounts screens land; search results for accounts open here. */
export function AccountPage(_props: PageProps) {
  return (
    <>
      <PageHeader title="Account" />
      <EmptyState title="Account pages are coming">
        <p>The people of this account can be found with the search box meanwhile.</p>
      </EmptyState>
    </>
  );
}
