import type { PageProps } from '../app/page';
import { ListPage } from './ListPage';

/** /customers: every person the role may read, as a list. */
export function PeopleListPage({ session }: PageProps) {
  return (
    <ListPage
      kind="people"
      session={session}
      title="Customers"
      description="Filter, sort and act on people in bulk; save the view you use."
    />
  );
}
