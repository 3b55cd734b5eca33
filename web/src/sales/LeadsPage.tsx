import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { PageProps } from '../app/page';
import { Link, useRouter } from '../app/router';
import { paths } from '../app/routes';
import { can } from '../auth/permissions';
import { formatDate, humanise } from '../customers/format';
import { errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { PageHeader } from '../ui/PageHeader';
import { Panel } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { type Column, Table } from '../ui/Table';
import { useToast } from '../ui/Toast';
import { createLead, fetchLeads, type LeadFilters, type LeadView, salesKeys } from './sales-api';
import '../ui/data.css';
import './sales.css';

const STATUSES = ['new', 'working', 'qualified', 'disqualified'] as const;

export const leadTone = (lead: Pick<LeadView, 'status' | 'convertedAt'>) =>
  lead.convertedAt
    ? 'success'
    : lead.status === 'disqualified'
      ? 'danger'
      : lead.status === 'new'
        ? 'warning'
        : 'info';
export const leadState = (lead: Pick<LeadView, 'status' | 'convertedAt'>) =>
  lead.convertedAt ? 'Converted' : humanise(lead.status);

/** /leads: prospective customers, newest first, filtered by status and name; capture one by hand. */
export function LeadsPage({ session }: PageProps) {
  const { location, navigate } = useRouter();
  const search = new URLSearchParams(location.search);
  const filters: LeadFilters = {
    ...(search.get('status') ? { status: search.get('status') ?? '' } : {}),
    ...(search.get('q') ? { q: search.get('q') ?? '' } : {}),
  };
  const leads = useInfiniteQuery({
    queryKey: salesKeys.leads(filters),
    queryFn: ({ pageParam, signal }) => fetchLeads(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(location.search);
    if (value) next.set(name, value);
    else next.delete(name);
    const text = next.toString();
    navigate(`${location.pathname}${text ? `?${text}` : ''}`, { replace: true });
  };
  const rows = leads.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: Column<LeadView>[] = [
    { key: 'name', header: 'Lead', render: (l) => <Link to={paths.lead(l.id)}>{l.name}</Link> },
    { key: 'company', header: 'Company', render: (l) => l.company ?? '—' },
    { key: 'email', header: 'Email', render: (l) => l.email ?? '—' },
    { key: 'source', header: 'Source', nowrap: true, render: (l) => humanise(l.source) },
    {
      key: 'status',
      header: 'Status',
      nowrap: true,
      render: (l) => <Badge tone={leadTone(l)}>{leadState(l)}</Badge>,
    },
    { key: 'created', header: 'Captured', nowrap: true, render: (l) => formatDate(l.createdAt) },
  ];
  return (
    <>
      <PageHeader
        title="Leads"
        description="Prospective customers not yet qualified; convert one into an opportunity."
      />
      <div className="stack">
        {can(session.permissions, 'leads', 'create') ? <NewLeadPanel /> : null}
        <form className="toolbar" aria-label="Lead filters" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label className="field__label" htmlFor="lead-status">
              Status
            </label>
            <select
              id="lead-status"
              className="field__input"
              value={filters.status ?? ''}
              onChange={(e) => setParam('status', e.target.value)}
            >
              <option value="">Any</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {humanise(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor="lead-search">
              Name, email or company starts with
            </label>
            <input
              id="lead-search"
              className="field__input"
              type="search"
              defaultValue={filters.q ?? ''}
              onChange={(e) => setParam('q', e.target.value.trim())}
            />
          </div>
        </form>
        {leads.isError ? (
          <p className="alert alert--error" role="alert">
            Could not load the leads: {errorMessage(leads.error)}
          </p>
        ) : null}
        {leads.isPending ? (
          <Spinner label="Loading leads…" />
        ) : (
          <Table
            caption="Leads"
            captionHidden
            columns={columns}
            rows={rows}
            rowKey={(l) => l.id}
            empty="No leads match."
          />
        )}
        {leads.hasNextPage ? (
          <Button busy={leads.isFetchingNextPage} onClick={() => void leads.fetchNextPage()}>
            Show more leads
          </Button>
        ) : null}
      </div>
    </>
  );
}

function NewLeadPanel() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const { navigate } = useRouter();
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState({
    firstName: '',
    lastName: '',
    email: '',
    phone: '',
    company: '',
    source: '',
  });
  const save = useMutation({
    mutationFn: () =>
      createLead({
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== '')),
      }),
    onSuccess: (lead) => {
      toast.show(`Lead ${lead.name} captured`);
      void queryClient.invalidateQueries({ queryKey: salesKeys.allLeads });
      navigate(paths.lead(lead.id));
    },
  });
  const set = (name: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [name]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <Panel
      title="New lead"
      testId="new-lead"
      actions={
        <Button size="sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Close' : 'Add a lead'}
        </Button>
      }
    >
      {open ? (
        <form className="form" aria-label="New lead" onSubmit={submit}>
          <div className="form-row">
            <TextField
              label="First name"
              value={fields.firstName}
              onChange={set('firstName')}
              maxLength={200}
            />
            <TextField label="Last name" value={fields.lastName} onChange={set('lastName')} maxLength={200} />
            <TextField
              label="Email"
              type="email"
              value={fields.email}
              onChange={set('email')}
              maxLength={320}
            />
          </div>
          <div className="form-row">
            <TextField label="Phone" type="tel" value={fields.phone} onChange={set('phone')} maxLength={50} />
            <TextField label="Company" value={fields.company} onChange={set('company')} maxLength={200} />
            <TextField
              label="Source"
              value={fields.source}
              placeholder="manual"
              onChange={set('source')}
              maxLength={100}
            />
          </div>
          {save.isError ? (
            <p className="alert alert--error" role="alert">
              {errorMessage(save.error)}
            </p>
          ) : null}
          <div className="form__actions">
            <Button type="submit" variant="primary" busy={save.isPending}>
              Capture lead
            </Button>
          </div>
        </form>
      ) : (
        <p className="muted">
          A name, an email, a phone or a company is enough; a known email finds its customer.
        </p>
      )}
    </Panel>
  );
}
