import type { PageProps } from '../app/page';
import { ListPage } from '../lists/ListPage';

/** /accounts: the companies the role may read, as a list. */
export function AccountsListPage({ session }: PageProps) {
  return (
    <ListPage
      kind="accounts"
      session={session}
      title="Accounts"
      description="Companies: filter, sort by any column, choose columns and act in bulk."
    />
  );
}
