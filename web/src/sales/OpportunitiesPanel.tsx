import { useQuery } from '@tanstack/react-query';
import { Link } from '../app/router';
import { paths } from '../app/routes';
import { humanise } from '../customers/format';
import { Badge } from '../ui/Badge';
import { Panel, PanelEmpty } from '../ui/Panel';
import { formatAmount, formatDay } from './format';
import { fetchPersonOpportunities, salesKeys } from './sales-api';

/** The customer page's Opportunities panel: the person's deals, open ones first, each linking to its page. */
export function OpportunitiesPanel({ personId }: { personId: string }) {
  const opportunities = useQuery({
    queryKey: salesKeys.personOpportunities(personId),
    queryFn: ({ signal }) => fetchPersonOpportunities(personId, signal),
  });
  const items = [...(opportunities.data ?? [])].sort(
    (a, b) => Number(a.status !== 'open') - Number(b.status !== 'open'),
  );
  return (
    <Panel title="Opportunities" testId="opportunities" busy={opportunities.isPending}>
      {opportunities.isError ? (
        <PanelEmpty>Opportunities could not be loaded.</PanelEmpty>
      ) : items.length === 0 ? (
        opportunities.isPending ? null : (
          <PanelEmpty>No opportunities.</PanelEmpty>
        )
      ) : (
        <ul className="item-list">
          {items.map((o) => (
            <li key={o.id} className="item-list__row">
              <div>
                <p className="item-list__title">
                  <Link to={paths.opportunity(o.id)}>{o.name}</Link>
                </p>
                <p className="item-list__meta">
                  {formatAmount(o.amount, o.currency)} ·{' '}
                  {o.status === 'open'
                    ? `${o.stageName}, close ${formatDay(o.expectedClose)}`
                    : humanise(o.status)}
                </p>
              </div>
              <Badge tone={o.status === 'won' ? 'success' : o.status === 'lost' ? 'danger' : 'info'}>
                {o.status === 'open' ? `${o.probability} %` : humanise(o.status)}
              </Badge>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
