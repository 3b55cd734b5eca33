import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { PageProps } from '../app/page';
import { Link, useRouter } from '../app/router';
import { paths } from '../app/routes';
import { can } from '../auth/permissions';
import { fetchUsers } from '../customers/customer-api';
import { formatDateTime, humanise } from '../customers/format';
import { ApiError, errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { SelectField, TextField } from '../ui/Field';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Panel } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { useToast } from '../ui/Toast';
import { dayFromNow } from './format';
import { leadState, leadTone } from './LeadsPage';
import { convertLead, fetchLead, fetchPipelines, type LeadView, salesKeys, updateLead } from './sales-api';
import '../ui/data.css';
import './sales.css';

/** /leads/{id}: a lead, worked through its statuses and converted into an opportunity. */
export function LeadPage({ session, params }: PageProps) {
  const id = params.id ?? '';
  const lead = useQuery({ queryKey: salesKeys.lead(id), queryFn: ({ signal }) => fetchLead(id, signal) });
  const users = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => fetchUsers(signal),
    staleTime: 300_000,
  });
  const [converting, setConverting] = useState(false);
  if (lead.isPending)
    return (
      <>
        <PageHeader title="Lead" />
        <Spinner label="Loading the lead…" />
      </>
    );
  if (lead.isError) {
    const missing = lead.error instanceof ApiError && [400, 404].includes(lead.error.status);
    return (
      <>
        <PageHeader title={missing ? 'Lead not found' : 'Lead'} />
        <EmptyState title={missing ? 'There is no lead with this id' : 'The lead could not be loaded'}>
          <p>{missing ? <Link to={paths.leads()}>Go to the leads</Link> : errorMessage(lead.error)}</p>
        </EmptyState>
      </>
    );
  }
  const l = lead.data;
  const mayUpdate = can(session.permissions, 'leads', 'update', { ownerId: l.ownerId, teamId: l.teamId });
  const mayConvert = mayUpdate && can(session.permissions, 'opportunities', 'create');
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  return (
    <div className="deal">
      <PageHeader
        title={l.name}
        description={
          <>
            <Badge tone={leadTone(l)}>{leadState(l)}</Badge> {l.company ? `${l.company} · ` : ''}
            {humanise(l.source)}
            {l.campaign ? ` · ${l.campaign}` : ''}
          </>
        }
      />
      {!l.convertedAt && (mayUpdate || mayConvert) ? (
        <fieldset className="deal__actions">
          <legend className="visually-hidden">Actions</legend>
          {mayConvert && l.status !== 'disqualified' ? (
            <Button variant="primary" onClick={() => setConverting(true)}>
              Convert to opportunity
            </Button>
          ) : null}
          {mayUpdate ? <StatusActions lead={l} /> : null}
        </fieldset>
      ) : null}
      <div className="deal__grid">
        <div className="stack">
          <Panel title="Lead" testId="lead-details">
            <dl className="facts">
              <dt>Name</dt>
              <dd>{[l.firstName, l.lastName].filter(Boolean).join(' ') || '—'}</dd>
              <dt>Email</dt>
              <dd>{l.email ?? '—'}</dd>
              <dt>Phone</dt>
              <dd>{l.phone ?? '—'}</dd>
              <dt>Company</dt>
              <dd>{l.company ?? '—'}</dd>
              <dt>Job title</dt>
              <dd>{l.jobTitle ?? '—'}</dd>
              <dt>Website</dt>
              <dd>{l.website ?? '—'}</dd>
              <dt>Message</dt>
              <dd>{l.message ?? '—'}</dd>
              {l.disqualifyReason ? (
                <>
                  <dt>Disqualified because</dt>
                  <dd>{l.disqualifyReason}</dd>
                </>
              ) : null}
            </dl>
          </Panel>
        </div>
        <aside className="stack" aria-label="What it became">
          <Panel title="Links" testId="lead-links">
            <dl className="facts">
              <dt>Customer</dt>
              <dd>
                {l.personId ? <Link to={paths.customer(l.personId)}>Open customer</Link> : 'Not known yet'}
              </dd>
              <dt>Account</dt>
              <dd>{l.accountId ? <Link to={paths.account(l.accountId)}>Open account</Link> : '—'}</dd>
              <dt>Opportunity</dt>
              <dd>
                {l.opportunityId ? (
                  <Link to={paths.opportunity(l.opportunityId)}>Open opportunity</Link>
                ) : (
                  '—'
                )}
              </dd>
              <dt>Owner</dt>
              <dd>{l.ownerId ? (names.get(l.ownerId) ?? 'Someone') : 'Nobody'}</dd>
              <dt>Captured</dt>
              <dd>{formatDateTime(l.createdAt)}</dd>
              {l.convertedAt ? (
                <>
                  <dt>Converted</dt>
                  <dd>{formatDateTime(l.convertedAt)}</dd>
                </>
              ) : null}
            </dl>
          </Panel>
        </aside>
      </div>
      <Dialog open={converting} title="Convert the lead" onClose={() => setConverting(false)}>
        {converting ? <ConvertForm lead={l} onCancel={() => setConverting(false)} /> : null}
      </Dialog>
    </div>
  );
}

function StatusActions({ lead }: { lead: LeadView }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [disqualifying, setDisqualifying] = useState(false);
  const save = useMutation({
    mutationFn: (input: Parameters<typeof updateLead>[1]) => updateLead(lead.id, input),
    onSuccess: (updated) => {
      queryClient.setQueryData(salesKeys.lead(lead.id), updated);
      void queryClient.invalidateQueries({ queryKey: salesKeys.allLeads });
      setDisqualifying(false);
      toast.show(`Lead ${humanise(updated.status).toLowerCase()}`);
    },
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });
  return (
    <>
      {lead.status === 'new' ? (
        <Button busy={save.isPending} onClick={() => save.mutate({ status: 'working' })}>
          Start working
        </Button>
      ) : null}
      {lead.status === 'disqualified' ? (
        <Button busy={save.isPending} onClick={() => save.mutate({ status: 'working' })}>
          Work it again
        </Button>
      ) : (
        <Button variant="danger" onClick={() => setDisqualifying(true)}>
          Disqualify
        </Button>
      )}
      <Dialog open={disqualifying} title="Disqualify the lead" onClose={() => setDisqualifying(false)}>
        {disqualifying ? (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ status: 'disqualified', disqualifyReason: reason.trim() });
            }}
          >
            <TextField
              label="Reason"
              required
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <DialogActions>
              <Button onClick={() => setDisqualifying(false)}>Cancel</Button>
              <Button type="submit" variant="danger" busy={save.isPending}>
                Disqualify
              </Button>
            </DialogActions>
          </form>
        ) : null}
      </Dialog>
    </>
  );
}

function ConvertForm({ lead, onCancel }: { lead: LeadView; onCancel(): void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const { navigate } = useRouter();
  const pipelines = useQuery({
    queryKey: salesKeys.pipelines,
    queryFn: ({ signal }) => fetchPipelines(signal),
  });
  const [name, setName] = useState(`${lead.company ?? lead.name}: new business`);
  const [account, setAccount] = useState(lead.company ?? '');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [close, setClose] = useState(dayFromNow(30));
  const [pipelineId, setPipelineId] = useState('');
  const save = useMutation({
    mutationFn: () =>
      convertLead(lead.id, {
        opportunityName: name.trim(),
        ...(account.trim() ? { accountName: account.trim() } : { skipAccount: true }),
        ...(amount ? { amount: Number(amount) } : {}),
        currency: currency.trim().toUpperCase(),
        expectedClose: close,
        ...(pipelineId ? { pipelineId } : {}),
      }),
    onSuccess: (conversion) => {
      toast.show(`Converted: ${conversion.opportunity.name}`);
      void queryClient.invalidateQueries({ queryKey: salesKeys.allLeads });
      void queryClient.invalidateQueries({ queryKey: salesKeys.boards });
      navigate(paths.opportunity(conversion.opportunity.id));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <form className="form" onSubmit={submit}>
      <p className="muted">
        {lead.personId ? 'The lead’s customer is known.' : 'A customer is made for the lead.'} An account is
        linked by name (or made), and an opportunity opens.
      </p>
      <TextField
        label="Opportunity"
        required
        maxLength={200}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label="Account"
        maxLength={200}
        value={account}
        hint="Empty: no account"
        onChange={(e) => setAccount(e.target.value)}
      />
      <div className="form-row">
        <TextField
          label="Amount"
          type="number"
          min="0"
          step="0.01"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
        <TextField
          label="Currency"
          required
          pattern="[A-Za-z]{3}"
          maxLength={3}
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
        />
        <TextField
          label="Expected close"
          type="date"
          required
          value={close}
          onChange={(e) => setClose(e.target.value)}
        />
      </div>
      <SelectField
        label="Pipeline"
        value={pipelineId}
        onChange={(e) => setPipelineId(e.target.value)}
        options={[
          { value: '', label: 'The default pipeline' },
          ...(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name })),
        ]}
      />
      {save.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          Convert
        </Button>
      </DialogActions>
    </form>
  );
}
