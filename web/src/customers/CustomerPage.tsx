import { usePrefetchInfiniteQuery, usePrefetchQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { PageProps } from '../app/page';
import { Redirect } from '../app/router';
import { paths } from '../app/routes';
import { ApiError, errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Spinner } from '../ui/Spinner';
import { customerAccess } from './access';
import { CallbackDialog } from './CallbackDialog';
import { ConsentPanel } from './ConsentPanel';
import { CustomerSummary } from './CustomerSummary';
import { customer360Query, fetchUsers, notesQuery, timelineQuery } from './customer-api';
import { humanise } from './format';
import { InsightPanels } from './InsightPanels';
import { LOG_KINDS, type LogKind, LogInteractionDialog } from './LogInteractionDialog';
import { NotesPanel } from './NotesPanel';
import { OpenTasksPanel } from './OpenTasksPanel';
import { ProfilePanel } from './ProfilePanel';
import { Timeline } from './Timeline';

/** The customer 360 at /customers/{id}: everything about one person, and the actions on them. */
export function CustomerPage({ session, params }: PageProps) {
  const id = params.id ?? '';
  // The 360, the timeline's first page and the notes load side by side, not one after the other;
  // a click that opens the page has usually started them already (prefetchCustomer).
  usePrefetchQuery(customer360Query(id));
  usePrefetchInfiniteQuery(timelineQuery(id));
  usePrefetchQuery(notesQuery(id));
  const c360 = useQuery(customer360Query(id));
  const users = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => fetchUsers(signal),
    staleTime: 300_000,
  });
  const [logKind, setLogKind] = useState<LogKind | null>(null);
  const [scheduling, setScheduling] = useState(false);

  if (c360.isPending) {
    return (
      <>
        <PageHeader title="Customer" />
        <Spinner label="Loading the customer…" />
      </>
    );
  }
  if (c360.isError) {
    const missing =
      c360.error instanceof ApiError && (c360.error.status === 404 || c360.error.status === 400);
    return (
      <>
        <PageHeader title={missing ? 'Customer not found' : 'Customer'} />
        <EmptyState
          title={missing ? 'There is no customer with this id' : 'The customer could not be loaded'}
        >
          <p>{missing ? 'Find them with the search box (press /).' : errorMessage(c360.error)}</p>
        </EmptyState>
      </>
    );
  }
  const { customer, survivorId } = c360.data;
  // A merged id: the server answered with the survivor; show it at its own address.
  if (survivorId) return <Redirect to={paths.customer(survivorId)} />;

  const access = customerAccess(session.permissions, customer.profile);
  const userNames = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const name = customer.profile.displayName;

  return (
    <div className="customer">
      <div className="customer__head">
        <PageHeader
          title={name}
          description={
            <>
              <Badge tone="info">{humanise(customer.lifecycle.stage)}</Badge>
              {customer.scores?.rfmSegment ? <Badge>{humanise(customer.scores.rfmSegment)}</Badge> : null}
              {customer.account ? <span className="customer__account">{customer.account.name}</span> : null}
            </>
          }
        />
        {access.logInteraction || access.scheduleTask ? (
          <fieldset className="customer__actions">
            <legend className="visually-hidden">Actions</legend>
            {access.logInteraction
              ? (Object.keys(LOG_KINDS) as LogKind[]).map((kind) => (
                  <Button key={kind} size="sm" onClick={() => setLogKind(kind)}>
                    Log {LOG_KINDS[kind].label}
                  </Button>
                ))
              : null}
            {access.scheduleTask ? (
              <Button size="sm" variant="primary" onClick={() => setScheduling(true)}>
                Schedule call-back
              </Button>
            ) : null}
          </fieldset>
        ) : null}
      </div>

      <div className="customer__grid">
        <div className="customer__main">
          <Timeline personId={customer.id} latest={customer.interactions} />
          <OpenTasksPanel
            personId={customer.id}
            tasks={customer.openTasks}
            access={access}
            onSchedule={() => setScheduling(true)}
          />
          <NotesPanel personId={customer.id} canAdd={access.addNote} users={userNames} />
          <ProfilePanel
            key={customer.profile.updatedAt}
            customer={customer}
            editable={access.editProfile}
            role={session.permissions.role}
          />
        </div>
        <aside className="customer__side" aria-label="Profile and insights">
          <CustomerSummary customer={customer} editable={access.editProfile} users={userNames} />
          <InsightPanels customer={customer} />
          <ConsentPanel personId={customer.id} consent={customer.consent} editable={access.editProfile} />
        </aside>
      </div>

      <LogInteractionDialog
        kind={logKind}
        personId={customer.id}
        agentId={session.user.id}
        onClose={() => setLogKind(null)}
      />
      <CallbackDialog
        open={scheduling}
        personId={customer.id}
        personName={name}
        me={{ id: session.user.id, name: session.user.name }}
        onClose={() => setScheduling(false)}
      />
    </div>
  );
}
