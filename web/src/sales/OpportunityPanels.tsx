import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useRouter } from '../app/router';
import { paths } from '../app/routes';
import { formatDateTime, humanise } from '../customers/format';
import { errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { SelectField, TextField } from '../ui/Field';
import { Panel, PanelEmpty } from '../ui/Panel';
import { useToast } from '../ui/Toast';
import { dayFromNow, formatAmount, formatDay, formatSpan } from './format';
import { LinesEditor, LinesTable } from './LinesEditor';
import {
  createQuote,
  fetchActivities,
  fetchQuotes,
  logActivity,
  type OpportunityDetail,
  replaceLines,
  salesKeys,
} from './sales-api';

export function LinesPanel({ opportunity, editable }: { opportunity: OpportunityDetail; editable: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const save = useMutation({
    mutationFn: (lines: Parameters<typeof replaceLines>[1]) => replaceLines(opportunity.id, lines),
    onSuccess: (updated) => {
      queryClient.setQueryData(salesKeys.opportunity(opportunity.id), updated);
      void queryClient.invalidateQueries({ queryKey: salesKeys.boards });
      setEditing(false);
      toast.show('Lines saved');
    },
  });
  return (
    <Panel
      title="Products"
      testId="lines"
      actions={
        editable && !editing ? (
          <Button size="sm" onClick={() => setEditing(true)}>
            Edit lines
          </Button>
        ) : null
      }
    >
      {editing ? (
        <LinesEditor
          lines={opportunity.lines}
          currency={opportunity.currency}
          saveLabel="Save lines"
          busy={save.isPending}
          error={save.isError ? errorMessage(save.error) : null}
          onSave={(lines) => save.mutate(lines)}
          onCancel={() => setEditing(false)}
        />
      ) : opportunity.lines.length === 0 ? (
        <PanelEmpty>No products yet: the amount is set by hand.</PanelEmpty>
      ) : (
        <LinesTable
          lines={opportunity.lines}
          currency={opportunity.currency}
          caption="Products on the opportunity"
        />
      )}
    </Panel>
  );
}

export function QuotesPanel({
  opportunity,
  mayCreate,
}: {
  opportunity: OpportunityDetail;
  mayCreate: boolean;
}) {
  const { navigate } = useRouter();
  const queryClient = useQueryClient();
  const quotes = useQuery({
    queryKey: salesKeys.quotes(opportunity.id),
    queryFn: ({ signal }) => fetchQuotes(opportunity.id, signal),
  });
  const create = useMutation({
    mutationFn: () => createQuote(opportunity.id, {}),
    onSuccess: (quote) => {
      void queryClient.invalidateQueries({ queryKey: salesKeys.quotes(opportunity.id) });
      navigate(paths.quote(quote.id));
    },
  });
  const canQuote = mayCreate && opportunity.status === 'open' && opportunity.personId !== null;
  return (
    <Panel
      title="Quotes"
      testId="quotes"
      actions={
        canQuote ? (
          <Button size="sm" variant="primary" busy={create.isPending} onClick={() => create.mutate()}>
            New quote
          </Button>
        ) : null
      }
    >
      {create.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(create.error)}
        </p>
      ) : null}
      {quotes.data && quotes.data.length > 0 ? (
        <ul className="item-list">
          {quotes.data.map((q) => (
            <li key={q.id} className="item-list__row">
              <div>
                <p className="item-list__title">
                  <Link to={paths.quote(q.id)}>{q.reference}</Link> · revision {q.revision}
                </p>
                <p className="item-list__meta">
                  {formatAmount(q.total, q.currency)} · valid until {formatDay(q.validUntil)}
                </p>
              </div>
              <Badge tone={q.status === 'accepted' ? 'success' : q.status === 'declined' ? 'danger' : 'info'}>
                {humanise(q.status)}
              </Badge>
            </li>
          ))}
        </ul>
      ) : quotes.isPending ? null : (
        <PanelEmpty>
          {opportunity.personId
            ? 'No quotes yet.'
            : 'No quotes: give the opportunity a contact person to quote.'}
        </PanelEmpty>
      )}
    </Panel>
  );
}

const ACTIVITY_LABELS = { call: 'Sales call', meeting: 'Meeting', demo: 'Demo' } as const;

export function ActivitiesPanel({
  opportunity,
  names,
  mayLog,
}: {
  opportunity: OpportunityDetail;
  names: Map<string, string>;
  mayLog: boolean;
}) {
  const activities = useQuery({
    queryKey: salesKeys.activities(opportunity.id),
    queryFn: ({ signal }) => fetchActivities(opportunity.id, signal),
  });
  return (
    <Panel title="Sales activities" testId="activities">
      {mayLog ? <ActivityForm opportunityId={opportunity.id} /> : null}
      {activities.data && activities.data.items.length > 0 ? (
        <ul className="item-list">
          {activities.data.items.map((a) => (
            <li key={a.id} className="item-list__row item-list__row--stack">
              <p className="item-list__title">
                {ACTIVITY_LABELS[a.kind]} ·{' '}
                <time dateTime={a.occurredAt}>{formatDateTime(a.occurredAt)}</time>
                {a.ownerId ? (
                  <span className="item-list__meta"> · {names.get(a.ownerId) ?? 'Someone'}</span>
                ) : null}
              </p>
              {a.outcome ? <p className="item-list__meta">Outcome: {a.outcome}</p> : null}
              {a.nextStep ? (
                <p className="item-list__meta">
                  Next step: {a.nextStep}
                  {a.taskId ? ' (task scheduled)' : ''}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : activities.isPending ? null : (
        <PanelEmpty>No calls, meetings or demos yet.</PanelEmpty>
      )}
    </Panel>
  );
}

function ActivityForm({ opportunityId }: { opportunityId: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [kind, setKind] = useState<'call' | 'meeting' | 'demo'>('call');
  const [outcome, setOutcome] = useState('');
  const [nextStep, setNextStep] = useState('');
  const [due, setDue] = useState('');
  const save = useMutation({
    mutationFn: () =>
      logActivity(opportunityId, {
        kind,
        ...(outcome.trim() ? { outcome: outcome.trim() } : {}),
        ...(nextStep.trim() ? { nextStep: nextStep.trim() } : {}),
        ...(due ? { task: { dueAt: new Date(`${due}T09:00:00`).toISOString() } } : {}),
      }),
    onSuccess: () => {
      toast.show(`${ACTIVITY_LABELS[kind]} logged`);
      setOutcome('');
      setNextStep('');
      setDue('');
      void queryClient.invalidateQueries({ queryKey: salesKeys.opportunity(opportunityId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  };
  return (
    <form className="form form--compact" aria-label="Log a sales activity" onSubmit={submit}>
      <div className="form-row">
        <SelectField
          label="Activity"
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
          options={[
            { value: 'call', label: 'Sales call' },
            { value: 'meeting', label: 'Meeting' },
            { value: 'demo', label: 'Demo' },
          ]}
        />
        <TextField
          label="Outcome"
          value={outcome}
          maxLength={500}
          onChange={(e) => setOutcome(e.target.value)}
        />
      </div>
      <div className="form-row">
        <TextField
          label="Next step"
          value={nextStep}
          maxLength={500}
          onChange={(e) => setNextStep(e.target.value)}
        />
        <TextField
          label="Schedule the next step on"
          type="date"
          min={dayFromNow()}
          value={due}
          hint="Makes a follow-up task"
          onChange={(e) => setDue(e.target.value)}
        />
      </div>
      {save.isError ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(save.error)}
        </p>
      ) : null}
      <div className="form__actions">
        <Button type="submit" variant="primary" size="sm" busy={save.isPending}>
          Log {ACTIVITY_LABELS[kind].toLowerCase()}
        </Button>
      </div>
    </form>
  );
}

export function StageHistoryPanel({ opportunity }: { opportunity: OpportunityDetail }) {
  return (
    <Panel title="Stage history" testId="stage-history">
      <ol className="item-list">
        {[...opportunity.stageHistory].reverse().map((s) => (
          <li key={`${s.enteredAt}-${s.stageId}-${s.status}`} className="item-list__row">
            <div>
              <p className="item-list__title">
                {s.status === 'open' ? s.stageName : `${humanise(s.status)} (${s.stageName})`}
              </p>
              <p className="item-list__meta">
                <time dateTime={s.enteredAt}>{formatDateTime(s.enteredAt)}</time>
                {s.status === 'open' ? ` · ${formatSpan(s.seconds)}${s.leftAt ? '' : ' so far'}` : ''}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
