import { OpportunitiesPanel } from '../sales/OpportunitiesPanel';
import { Badge } from '../ui/Badge';
import { Panel, PanelEmpty } from '../ui/Panel';
import { channelLabel } from './ChannelIcon';
import type { Customer360 } from './customer-api';
import { formatDate, formatMoney, humanise } from './format';

type Scores = NonNullable<Customer360['scores']>;
/** A record of a section the server does not describe yet (cases, opportunities, offers): free-form JSON. */
type Loose = Customer360['openCases'][number];

const text = (v: unknown): string | null =>
  typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null;

/** Orders, cases, opportunities, scores and the next best offer: data when the 360 has it, empty states otherwise. */
export function InsightPanels({ customer }: { customer: Customer360 }) {
  return (
    <>
      <OrdersPanel summary={customer.ordersSummary} />
      <ScoresPanel scores={customer.scores} />
      <RecordsPanel title="Open cases" testId="cases" empty="No open cases." records={customer.openCases} />
      <OpportunitiesPanel personId={customer.id} />
      <NextBestOfferPanel offer={customer.nextBestOffer} />
    </>
  );
}

function OrdersPanel({ summary }: { summary: Customer360['ordersSummary'] }) {
  const last = summary.lastOrder;
  return (
    <Panel title="Orders" testId="orders">
      {summary.count === 0 && !last ? (
        <PanelEmpty>No orders yet.</PanelEmpty>
      ) : (
        <dl className="facts">
          <dt>Orders</dt>
          <dd>{summary.count.toLocaleString()}</dd>
          <dt>Revenue</dt>
          <dd>{formatMoney(summary.revenue, summary.currency)}</dd>
          {last ? (
            <>
              <dt>Last order</dt>
              <dd>
                {formatDate(last.orderedAt)} · {formatMoney(last.total, last.currency)}{' '}
                <Badge>{humanise(last.status)}</Badge>
              </dd>
            </>
          ) : null}
        </dl>
      )}
    </Panel>
  );
}

const SCORE_LABELS: [key: keyof Scores, label: string, format: (v: string | number) => string][] = [
  ['rfmSegment', 'Segment', (v) => humanise(String(v))],
  ['clv', 'Lifetime value', (v) => formatMoney(Number(v), null)],
  ['pAlive', 'Still active', (v) => `${Math.round(Number(v) * 100)} %`],
  ['churnRisk', 'Churn risk', (v) => `${Math.round(Number(v) * 100)} %`],
  ['preferredChannel', 'Preferred channel', (v) => channelLabel(String(v))],
  ['profitDecile', 'Profit decile', (v) => String(v)],
];

function ScoresPanel({ scores }: { scores: Scores | null }) {
  const shown = scores
    ? SCORE_LABELS.filter(([key]) => scores[key] !== null && scores[key] !== undefined)
    : [];
  return (
    <Panel title="Scores" testId="scores">
      {!scores || shown.length === 0 ? (
        <PanelEmpty>No scores yet: they appear once the analytics jobs have run.</PanelEmpty>
      ) : (
        <dl className="facts">
          {shown.map(([key, label, format]) => (
            <div key={key} className="facts__pair">
              <dt>{label}</dt>
              <dd>{format(scores[key] as string | number)}</dd>
            </div>
          ))}
        </dl>
      )}
    </Panel>
  );
}

function RecordsPanel({
  title,
  testId,
  empty,
  records,
}: {
  title: string;
  testId: string;
  empty: string;
  records: Loose[];
}) {
  return (
    <Panel title={title} testId={testId}>
      {records.length === 0 ? (
        <PanelEmpty>{empty}</PanelEmpty>
      ) : (
        <ul className="item-list">
          {records.map((r, i) => (
            <li key={text(r.id) ?? i} className="item-list__row">
              <div>
                <p className="item-list__title">
                  {text(r.title) ?? text(r.name) ?? text(r.subject) ?? 'Untitled'}
                </p>
                <p className="item-list__meta">
                  {[text(r.status) ?? text(r.stage), text(r.priority)]
                    .filter(Boolean)
                    .map((s) => humanise(s ?? ''))
                    .join(' · ')}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function NextBestOfferPanel({ offer }: { offer: Loose | null }) {
  return (
    <Panel title="Next best offer" testId="next-best-offer">
      {!offer ? (
        <PanelEmpty>No offer to suggest yet.</PanelEmpty>
      ) : (
        <p>
          <strong>{text(offer.name) ?? text(offer.productName) ?? text(offer.sku) ?? 'Offer'}</strong>
          {text(offer.reason) ? <span className="item-list__meta"> · {text(offer.reason)}</span> : null}
        </p>
      )}
    </Panel>
  );
}
