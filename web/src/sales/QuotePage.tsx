import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { PageProps } from '../app/page';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { can } from '../auth/permissions';
import { formatDateTime, humanise } from '../customers/format';
import { ApiError, errorMessage } from '../lib/api';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { TextAreaField, TextField } from '../ui/Field';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Panel } from '../ui/Panel';
import { Spinner } from '../ui/Spinner';
import { useToast } from '../ui/Toast';
import { formatAmount, formatDay } from './format';
import { LinesEditor, LinesTable } from './LinesEditor';
import {
  createQuoteLink,
  fetchOpportunity,
  fetchQuote,
  markQuoteSent,
  quotePdfUrl,
  type QuoteView,
  reviseQuote,
  salesKeys,
} from './sales-api';
import '../ui/data.css';
import './sales.css';

/** /quotes/{id}: the quote builder — its revisions, a new one, the PDF, sending and the customer's link. */
export function QuotePage({ session, params }: PageProps) {
  const id = params.id ?? '';
  const [revision, setRevision] = useState<number | undefined>(undefined);
  const quote = useQuery({
    queryKey: salesKeys.quote(id, revision),
    queryFn: ({ signal }) => fetchQuote(id, revision, signal),
  });
  const opportunityId = quote.data?.opportunityId ?? '';
  const opportunity = useQuery({
    queryKey: salesKeys.opportunity(opportunityId),
    queryFn: ({ signal }) => fetchOpportunity(opportunityId, signal),
    enabled: opportunityId !== '',
  });
  if (quote.isPending)
    return (
      <>
        <PageHeader title="Quote" />
        <Spinner label="Loading the quote…" />
      </>
    );
  if (quote.isError) {
    const missing = quote.error instanceof ApiError && [400, 404].includes(quote.error.status);
    return (
      <>
        <PageHeader title={missing ? 'Quote not found' : 'Quote'} />
        <EmptyState title={missing ? 'There is no quote with this id' : 'The quote could not be loaded'}>
          <p>{missing ? <Link to={paths.pipeline()}>Go to the pipeline</Link> : errorMessage(quote.error)}</p>
        </EmptyState>
      </>
    );
  }
  const q = quote.data;
  const o = opportunity.data;
  const mayUpdate =
    can(session.permissions, 'quotes', 'update', o ? { ownerId: o.ownerId, teamId: o.teamId } : undefined) &&
    (q.status === 'draft' || q.status === 'sent');
  return (
    <div className="deal">
      <PageHeader
        title={`Quote ${q.reference}`}
        description={
          <>
            <Badge tone={q.status === 'accepted' ? 'success' : q.status === 'declined' ? 'danger' : 'info'}>
              {humanise(q.status)}
            </Badge>{' '}
            {o ? <Link to={paths.opportunity(o.id)}>{o.name}</Link> : null} · revision {q.revision}
          </>
        }
      />
      <fieldset className="deal__actions">
        <legend className="visually-hidden">Actions</legend>
        <a className="button button--secondary" href={quotePdfUrl(q.id, q.shown.revision)} download>
          Download PDF
        </a>
        {mayUpdate ? <SendActions quote={q} /> : null}
      </fieldset>
      <div className="deal__grid">
        <div className="stack">
          <Panel
            title={`Revision ${q.shown.revision}`}
            testId="quote-revision"
            actions={
              q.revisions.length > 1 ? (
                <div className="field field--inline">
                  <label className="field__label" htmlFor="quote-revision">
                    Show revision
                  </label>
                  <select
                    id="quote-revision"
                    className="field__input"
                    value={q.shown.revision}
                    onChange={(e) => setRevision(Number(e.target.value))}
                  >
                    {q.revisions.map((r) => (
                      <option key={r.revision} value={r.revision}>
                        {r.revision} · {formatAmount(r.total, r.currency)}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null
            }
          >
            <LinesTable
              lines={q.shown.lines}
              currency={q.shown.currency}
              caption={`Lines of revision ${q.shown.revision}`}
            />
            <dl className="facts">
              <dt>Valid until</dt>
              <dd>{formatDay(q.shown.validUntil)}</dd>
              <dt>Terms</dt>
              <dd>{q.shown.terms ?? '—'}</dd>
              <dt>Made</dt>
              <dd>{formatDateTime(q.shown.createdAt)}</dd>
            </dl>
          </Panel>
          {mayUpdate ? <RevisionPanel quote={q} onRevised={() => setRevision(undefined)} /> : null}
        </div>
        <aside className="stack" aria-label="Where it stands">
          <Panel title="Status" testId="quote-status">
            <dl className="facts">
              <dt>Sent</dt>
              <dd>{q.sentAt ? formatDateTime(q.sentAt) : 'Not yet'}</dd>
              <dt>Link expires</dt>
              <dd>{q.linkExpiresAt ? formatDateTime(q.linkExpiresAt) : 'No link yet'}</dd>
              {q.acceptedAt ? (
                <>
                  <dt>Accepted</dt>
                  <dd>
                    {formatDateTime(q.acceptedAt)} by {q.acceptedName} (revision {q.acceptedRevision})
                  </dd>
                  <dt>Order</dt>
                  <dd>
                    {o?.personId ? (
                      <Link to={paths.customer(o.personId)}>On the customer’s timeline</Link>
                    ) : (
                      'Made'
                    )}
                  </dd>
                </>
              ) : null}
              {q.declinedAt ? (
                <>
                  <dt>Declined</dt>
                  <dd>
                    {formatDateTime(q.declinedAt)}
                    {q.declineReason ? `: ${q.declineReason}` : ''}
                  </dd>
                </>
              ) : null}
            </dl>
          </Panel>
        </aside>
      </div>
    </div>
  );
}

function SendActions({ quote }: { quote: QuoteView }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [link, setLink] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['sales', 'quote', quote.id] });
    void queryClient.invalidateQueries({ queryKey: salesKeys.quotes(quote.opportunityId) });
  };
  const send = useMutation({
    mutationFn: () => markQuoteSent(quote.id),
    onSuccess: () => {
      toast.show(`${quote.reference} marked sent`);
      refresh();
    },
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });
  const share = useMutation({
    mutationFn: () => createQuoteLink(quote.id),
    onSuccess: (made) => {
      setLink(`${window.location.origin}${made.path}`);
      refresh();
    },
    onError: (error) => toast.show(errorMessage(error), 'error'),
  });
  return (
    <>
      {quote.status === 'draft' ? (
        <Button busy={send.isPending} onClick={() => send.mutate()}>
          Mark sent
        </Button>
      ) : null}
      <Button variant="primary" busy={share.isPending} onClick={() => share.mutate()}>
        {quote.linkExpiresAt ? 'Make a new acceptance link' : 'Share acceptance link'}
      </Button>
      {link ? (
        <div className="share-link" data-testid="share-link">
          <label className="visually-hidden" htmlFor="quote-link">
            Acceptance link
          </label>
          <input
            id="quote-link"
            className="field__input"
            readOnly
            value={link}
            onFocus={(e) => e.target.select()}
          />
          <Button
            size="sm"
            onClick={() => {
              void navigator.clipboard?.writeText(link).then(
                () => toast.show('Link copied'),
                () => toast.show('Copy the link from the box', 'info'),
              );
            }}
          >
            Copy
          </Button>
        </div>
      ) : null}
    </>
  );
}

function RevisionPanel({ quote, onRevised }: { quote: QuoteView; onRevised(): void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [validUntil, setValidUntil] = useState(quote.shown.validUntil);
  const [terms, setTerms] = useState(quote.shown.terms ?? '');
  const revise = useMutation({
    mutationFn: (lines: Parameters<typeof reviseQuote>[1]['lines']) =>
      reviseQuote(quote.id, { validUntil, terms: terms.trim() || null, lines }),
    onSuccess: (revised) => {
      toast.show(`Revision ${revised.revision} saved`);
      queryClient.setQueryData(salesKeys.quote(quote.id), revised);
      void queryClient.invalidateQueries({ queryKey: ['sales', 'quote', quote.id] });
      void queryClient.invalidateQueries({ queryKey: salesKeys.quotes(quote.opportunityId) });
      onRevised();
    },
  });
  const submitFields = (event: FormEvent) => event.preventDefault();
  return (
    <Panel title="New revision" testId="new-revision">
      <form className="form form--compact" aria-label="Validity and terms" onSubmit={submitFields}>
        <div className="form-row">
          <TextField
            label="Valid until"
            type="date"
            required
            value={validUntil}
            onChange={(e) => setValidUntil(e.target.value)}
          />
        </div>
        <TextAreaField
          label="Terms"
          value={terms}
          maxLength={10_000}
          onChange={(e) => setTerms(e.target.value)}
        />
      </form>
      <LinesEditor
        key={`${quote.id}-${quote.revision}`}
        lines={quote.shown.lines}
        currency={quote.shown.currency}
        saveLabel={`Save as revision ${quote.revision + 1}`}
        busy={revise.isPending}
        error={revise.isError ? errorMessage(revise.error) : null}
        onSave={(lines) => revise.mutate(lines)}
      />
    </Panel>
  );
}
