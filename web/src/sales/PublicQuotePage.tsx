import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../lib/api';
import { Button } from '../ui/Button';
import { TextField } from '../ui/Field';
import { formatAmount, formatDay } from './format';
import {
  acceptPublicQuote,
  declinePublicQuote,
  fetchPublicQuote,
  type PublicQuote,
  publicLogoUrl,
  publicPdfUrl,
} from './sales-api';
import './sales.css';

/** /quote/{token}: the customer's page, no session: the quote, its PDF, accept (signed with a name) or decline. */
export function PublicQuotePage({ token }: { token: string }) {
  const key = ['public-quote', token];
  const queryClient = useQueryClient();
  const quote = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchPublicQuote(token, signal),
    retry: false,
  });
  useEffect(() => {
    document.title = quote.data ? `Quote ${quote.data.reference} · ${quote.data.seller}` : 'Quote';
  }, [quote.data]);
  const settle = (answer: PublicQuote) => queryClient.setQueryData(key, answer);
  return (
    <main className="public-quote">
      {quote.isPending ? (
        <p>Loading the quote…</p>
      ) : quote.isError ? (
        <div className="public-quote__card">
          <h1>This quote cannot be opened</h1>
          <p className="alert alert--error" role="alert">
            {quote.error instanceof ApiError && quote.error.status === 404
              ? 'The link has expired or is not valid. Ask your contact for a new one.'
              : errorMessage(quote.error)}
          </p>
        </div>
      ) : (
        <QuoteSheet quote={quote.data} token={token} onDecided={settle} />
      )}
    </main>
  );
}

function QuoteSheet({
  quote: q,
  token,
  onDecided,
}: {
  quote: PublicQuote;
  token: string;
  onDecided(q: PublicQuote): void;
}) {
  const open = (q.status === 'sent' || q.status === 'draft') && !q.expired;
  return (
    <>
      <header className="public-quote__head">
        {q.hasLogo ? (
          <img className="public-quote__logo" src={publicLogoUrl(token)} alt={q.seller} />
        ) : (
          <span />
        )}
        <span className="public-quote__seller">{q.seller}</span>
      </header>
      <article className="public-quote__card" aria-labelledby="quote-title">
        <h1 id="quote-title">Quote {q.reference}</h1>
        <p className="muted">
          Revision {q.revision}
          {q.preparedFor ? ` · prepared for ${q.preparedFor}` : ''} · valid until {formatDay(q.validUntil)}
        </p>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">What is quoted</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col" className="table__cell--end">
                  Qty
                </th>
                <th scope="col" className="table__cell--end">
                  Unit price
                </th>
                <th scope="col" className="table__cell--end">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {q.lines.map((l) => (
                <tr key={l.lineNo}>
                  <td>
                    {l.name}
                    {l.discount > 0 ? (
                      <span className="muted"> (−{formatAmount(l.discount, q.currency)})</span>
                    ) : null}
                  </td>
                  <td className="table__cell--end">{l.quantity}</td>
                  <td className="table__cell--end">{formatAmount(l.unitPrice, q.currency)}</td>
                  <td className="table__cell--end">{formatAmount(l.lineTotal, q.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="totals">
          <dt>Subtotal</dt>
          <dd>{formatAmount(q.subtotal, q.currency)}</dd>
          {q.discountTotal > 0 ? (
            <>
              <dt>Discounts</dt>
              <dd>−{formatAmount(q.discountTotal, q.currency)}</dd>
            </>
          ) : null}
          <dt className="totals__grand">Total</dt>
          <dd className="totals__grand" data-testid="quote-total">
            {formatAmount(q.total, q.currency)}
          </dd>
        </dl>
        {q.terms ? (
          <>
            <h2>Terms</h2>
            <p>{q.terms}</p>
          </>
        ) : null}
        <p>
          <a href={publicPdfUrl(token)} download>
            Download the quote (PDF)
          </a>
        </p>
        {q.status === 'accepted' ? (
          <p className="alert" role="status" data-testid="quote-outcome">
            Accepted by {q.acceptedName} on {formatDay(q.acceptedAt)}. Thank you: your order is placed.
          </p>
        ) : q.status === 'declined' ? (
          <p className="alert" role="status" data-testid="quote-outcome">
            You declined this quote on {formatDay(q.declinedAt)}.
          </p>
        ) : q.expired ? (
          <p className="alert alert--error" role="status" data-testid="quote-outcome">
            This quote was valid until {formatDay(q.validUntil)}. Ask your contact for a new one.
          </p>
        ) : null}
        {open ? <Decision quote={q} token={token} onDecided={onDecided} /> : null}
      </article>
    </>
  );
}

function Decision({
  quote,
  token,
  onDecided,
}: {
  quote: PublicQuote;
  token: string;
  onDecided(q: PublicQuote): void;
}) {
  const [name, setName] = useState(quote.preparedFor?.split(',')[0] ?? '');
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const accept = useMutation({
    mutationFn: () => acceptPublicQuote(token, quote.revision, name.trim()),
    onSuccess: onDecided,
  });
  const decline = useMutation({
    mutationFn: () => declinePublicQuote(token, reason.trim() || undefined),
    onSuccess: onDecided,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!accept.isPending) accept.mutate();
  };
  const error = accept.error ?? decline.error;
  return (
    <div className="public-quote__decision">
      <form className="form" aria-label="Accept the quote" onSubmit={submit}>
        <TextField
          label="Your full name"
          required
          maxLength={200}
          autoComplete="name"
          value={name}
          hint="Typing your name accepts the quote as shown, and places the order."
          onChange={(e) => setName(e.target.value)}
        />
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={accept.isPending}>
            Accept the quote
          </Button>
          <Button variant="ghost" onClick={() => setDeclining((d) => !d)} aria-expanded={declining}>
            Decline…
          </Button>
        </div>
      </form>
      {declining ? (
        <form
          className="form"
          aria-label="Decline the quote"
          onSubmit={(e) => {
            e.preventDefault();
            decline.mutate();
          }}
        >
          <TextField
            label="Why not? (optional)"
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="form__actions">
            <Button type="submit" variant="danger" busy={decline.isPending}>
              Decline the quote
            </Button>
          </div>
        </form>
      ) : null}
      {error ? (
        <p className="alert alert--error" role="alert">
          {errorMessage(error)}
        </p>
      ) : null}
    </div>
  );
}
