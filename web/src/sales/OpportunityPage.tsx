import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { PageProps } from '../app/page';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { can } from '../auth/permissions';
import { fetchUsers } from '../customers/customer-api';
import { humanise } from '../customers/format';
import { ApiError, errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Dialog, DialogActions } from '../ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../ui/Field';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Panel } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { useToast } from '../ui/Toast';
import { formatAmount, formatDay } from './format';
import { ActivitiesPanel, LinesPanel, QuotesPanel, StageHistoryPanel } from './OpportunityPanels';
import {
  closeOpportunity,
  fetchAccount,
  fetchCloseReasons,
  fetchOpportunity,
  fetchPerson,
  fetchPipelines,
  moveOpportunity,
  type OpportunityDetail,
  reopenOpportunity,
  salesKeys,
  updateOpportunity,
} from './sales-api';
import '../ui/data.css';
import './sales.css';

/** /opportunities/{id}: one deal — its stage, lines, quotes, activities, history and next step. */
export function OpportunityPage({ session, params }: PageProps) {
  const id = params.id ?? '';
  const opportunity = useQuery({
    queryKey: salesKeys.opportunity(id),
    queryFn: ({ signal }) => fetchOpportunity(id, signal),
  });
  const users = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => fetchUsers(signal),
    staleTime: 300_000,
  });
  if (opportunity.isPending)
    return (
      <>
        <PageHeader title="Opportunity" />
        <Spinner label="Loading the opportunity…" />
      </>
    );
  if (opportunity.isError) {
    const missing = opportunity.error instanceof ApiError && [400, 404].includes(opportunity.error.status);
    return (
      <>
        <PageHeader title={missing ? 'Opportunity not found' : 'Opportunity'} />
        <EmptyState
          title={missing ? 'There is no opportunity with this id' : 'The opportunity could not be loaded'}
        >
          <p>
            {missing ? (
              <Link to={paths.pipeline()}>Go to the pipeline</Link>
            ) : (
              errorMessage(opportunity.error)
            )}
          </p>
        </EmptyState>
      </>
    );
  }
  const o = opportunity.data;
  const record = { ownerId: o.ownerId, teamId: o.teamId };
  const mayUpdate = can(session.permissions, 'opportunities', 'update', record);
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  return (
    <div className="deal">
      <PageHeader
        title={o.name}
        description={
          <>
            <Badge tone={o.status === 'won' ? 'success' : o.status === 'lost' ? 'danger' : 'info'}>
              {o.status === 'open' ? o.stageName : humanise(o.status)}
            </Badge>{' '}
            {formatAmount(o.amount, o.currency)} · {o.pipelineName} · close {formatDay(o.expectedClose)}
          </>
        }
      />
      <StagePath opportunity={o} />
      {mayUpdate ? <DealActions opportunity={o} /> : null}
      <div className="deal__grid">
        <div className="stack">
          <NextStepPanel opportunity={o} editable={mayUpdate} />
          <LinesPanel opportunity={o} editable={mayUpdate && o.status === 'open'} />
          <QuotesPanel opportunity={o} mayCreate={can(session.permissions, 'quotes', 'create')} />
          <ActivitiesPanel
            opportunity={o}
            names={names}
            mayLog={mayUpdate && can(session.permissions, 'interactions', 'create')}
          />
        </div>
        <aside className="stack" aria-label="Details">
          <DetailsPanel opportunity={o} names={names} />
          <StageHistoryPanel opportunity={o} />
        </aside>
      </div>
    </div>
  );
}

function StagePath({ opportunity: o }: { opportunity: OpportunityDetail }) {
  const pipelines = useQuery({
    queryKey: salesKeys.pipelines,
    queryFn: ({ signal }) => fetchPipelines(signal),
  });
  const stages = pipelines.data?.find((p) => p.id === o.pipelineId)?.stages ?? [];
  const current = stages.findIndex((s) => s.id === o.stageId);
  return (
    <ol className="stage-path" aria-label={`Stages of ${o.pipelineName}`}>
      {stages.map((s, i) => (
        <li
          key={s.id}
          className={`stage-path__step${i < current ? ' stage-path__step--done' : ''}`}
          aria-current={i === current && o.status === 'open' ? 'step' : undefined}
        >
          {s.name} <span className="visually-hidden">({s.probability} %)</span>
        </li>
      ))}
    </ol>
  );
}

function DealActions({ opportunity: o }: { opportunity: OpportunityDetail }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const pipelines = useQuery({
    queryKey: salesKeys.pipelines,
    queryFn: ({ signal }) => fetchPipelines(signal),
  });
  const stages = pipelines.data?.find((p) => p.id === o.pipelineId)?.stages ?? [];
  const [closing, setClosing] = useState<'won' | 'lost' | null>(null);
  const refresh = (updated?: OpportunityDetail) => {
    if (updated) queryClient.setQueryData(salesKeys.opportunity(o.id), updated);
    void queryClient.invalidateQueries({ queryKey: salesKeys.opportunity(o.id) });
    void queryClient.invalidateQueries({ queryKey: salesKeys.boards });
  };
  const move = useMutation({
    mutationFn: (stageId: string) => moveOpportunity(o.id, stageId),
    onSuccess: (moved) => {
      toast.show(`Moved to ${moved.stageName}`);
      refresh();
    },
    onError: (error) => toast.show(`Could not move it: ${errorMessage(error)}`, 'error'),
  });
  const reopen = useMutation({
    mutationFn: () => reopenOpportunity(o.id),
    onSuccess: (updated) => refresh(updated),
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });
  return (
    <fieldset className="deal__actions">
      <legend className="visually-hidden">Actions</legend>
      {o.status === 'open' ? (
        <>
          <div className="field field--inline">
            <label className="field__label" htmlFor="deal-stage">
              Stage
            </label>
            <select
              id="deal-stage"
              className="field__input"
              value={o.stageId}
              disabled={move.isPending}
              onChange={(e) => move.mutate(e.target.value)}
            >
              {stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.probability} %)
                </option>
              ))}
            </select>
          </div>
          <Button variant="primary" onClick={() => setClosing('won')}>
            Mark won
          </Button>
          <Button variant="danger" onClick={() => setClosing('lost')}>
            Mark lost
          </Button>
        </>
      ) : o.orderId ? null : (
        <Button busy={reopen.isPending} onClick={() => reopen.mutate()}>
          Reopen
        </Button>
      )}
      <CloseDialog
        kind={closing}
        opportunity={o}
        onClose={() => setClosing(null)}
        onClosed={(updated) => {
          setClosing(null);
          refresh(updated);
          toast.show(`${o.name}: ${updated.status}`);
        }}
      />
    </fieldset>
  );
}

function CloseDialog({
  kind,
  opportunity,
  onClose,
  onClosed,
}: {
  kind: 'won' | 'lost' | null;
  opportunity: OpportunityDetail;
  onClose(): void;
  onClosed(updated: OpportunityDetail): void;
}) {
  return (
    <Dialog open={kind !== null} title={kind === 'won' ? 'Mark as won' : 'Mark as lost'} onClose={onClose}>
      {kind ? (
        <CloseForm kind={kind} opportunity={opportunity} onClosed={onClosed} onCancel={onClose} />
      ) : null}
    </Dialog>
  );
}

function CloseForm({
  kind,
  opportunity,
  onClosed,
  onCancel,
}: {
  kind: 'won' | 'lost';
  opportunity: OpportunityDetail;
  onClosed(updated: OpportunityDetail): void;
  onCancel(): void;
}) {
  const reasons = useQuery({
    queryKey: salesKeys.closeReasons,
    queryFn: ({ signal }) => fetchCloseReasons(signal),
  });
  const options = (reasons.data ?? []).filter((r) => r.kind === kind && r.active);
  const [reasonId, setReasonId] = useState('');
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () => closeOpportunity(opportunity.id, kind, reasonId || undefined, note.trim() || undefined),
    onSuccess: onClosed,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <form className="form" onSubmit={submit}>
      <SelectField
        label="Reason"
        value={reasonId}
        required={kind === 'lost'}
        onChange={(e) => setReasonId(e.target.value)}
        options={[
          { value: '', label: kind === 'lost' ? 'Choose a reason' : 'No reason' },
          ...options.map((r) => ({ value: r.id, label: r.name })),
        ]}
      />
      <TextAreaField label="Note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      {save.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant={kind === 'won' ? 'primary' : 'danger'} busy={save.isPending}>
          {kind === 'won' ? 'Mark won' : 'Mark lost'}
        </Button>
      </DialogActions>
    </form>
  );
}

function NextStepPanel({ opportunity: o, editable }: { opportunity: OpportunityDetail; editable: boolean }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(o.nextStep ?? '');
  const save = useMutation({
    mutationFn: () => updateOpportunity(o.id, { nextStep: text.trim() || null }),
    onSuccess: (updated) => queryClient.setQueryData(salesKeys.opportunity(o.id), updated),
  });
  return (
    <Panel title="Next step" testId="next-step">
      {editable ? (
        <form
          className="form form--compact"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <TextField
            label="Next step"
            value={text}
            maxLength={500}
            placeholder="e.g. Send the revised quote on Friday"
            onChange={(e) => setText(e.target.value)}
            error={save.isError ? errorMessage(save.error) : null}
          />
          <div className="form__actions">
            <Button type="submit" size="sm" busy={save.isPending} disabled={text === (o.nextStep ?? '')}>
              Save next step
            </Button>
          </div>
        </form>
      ) : (
        <p>{o.nextStep ?? 'None set.'}</p>
      )}
    </Panel>
  );
}

function DetailsPanel({
  opportunity: o,
  names,
}: {
  opportunity: OpportunityDetail;
  names: Map<string, string>;
}) {
  const person = useQuery({
    queryKey: ['person', o.personId, 'record'],
    queryFn: ({ signal }) => fetchPerson(o.personId ?? '', signal),
    enabled: o.personId !== null,
  });
  const account = useQuery({
    queryKey: ['account', o.accountId],
    queryFn: ({ signal }) => fetchAccount(o.accountId ?? '', signal),
    enabled: o.accountId !== null,
  });
  return (
    <Panel title="Details" testId="details">
      <dl className="facts">
        <dt>Contact</dt>
        <dd>
          {o.personId ? (
            <Link to={paths.customer(o.personId)}>{person.data?.displayName ?? 'Open customer'}</Link>
          ) : (
            '—'
          )}
        </dd>
        <dt>Account</dt>
        <dd>
          {o.accountId ? (
            <Link to={paths.account(o.accountId)}>{account.data?.name ?? 'Open account'}</Link>
          ) : (
            '—'
          )}
        </dd>
        <dt>Amount</dt>
        <dd>{formatAmount(o.amount, o.currency)}</dd>
        <dt>Weighted</dt>
        <dd>
          {formatAmount(o.weightedAmount, o.currency)} ({o.probability} %)
        </dd>
        <dt>Expected close</dt>
        <dd>{formatDay(o.expectedClose)}</dd>
        <dt>Owner</dt>
        <dd>{o.ownerId ? (names.get(o.ownerId) ?? 'Someone') : 'Nobody'}</dd>
        {o.leadId ? (
          <>
            <dt>From lead</dt>
            <dd>
              <Link to={paths.lead(o.leadId)}>Open the lead</Link>
            </dd>
          </>
        ) : null}
        {o.status !== 'open' ? (
          <>
            <dt>Closed</dt>
            <dd>
              {formatDay(o.closedAt)}
              {o.closeReason ? ` · ${o.closeReason}` : ''}
            </dd>
          </>
        ) : null}
        {o.closeNote ? (
          <>
            <dt>Note</dt>
            <dd>{o.closeNote}</dd>
          </>
        ) : null}
      </dl>
    </Panel>
  );
}
