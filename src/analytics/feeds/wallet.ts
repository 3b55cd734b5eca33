import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import type { WalletRow } from '../models/channels/share-of-wallet';
import { type FeedWindow, purchasesIn } from './purchases';

/**
 * Our spend in the window and the known category spend (the numeric custom attribute `attribute`
 * of `people.attributes`, a JSON number or numeric string) of every person for whom it is known.
 * People without purchases have our spend 0.
 */
export async function readWalletRows(
  trx: Tx,
  workspaceId: string,
  window: FeedWindow,
  attribute: string,
): Promise<WalletRow[]> {
  const purchases = await purchasesIn(trx, workspaceId, window);
  const { rows } = await sql<WalletRow>`
    with known as (
      select p.id as person_id, (p.attributes ->> ${attribute})::numeric as category_spend
      from people p
      where p.workspace_id = ${workspaceId}
        and jsonb_typeof(p.attributes -> ${attribute}) in ('number', 'string')
        and (p.attributes ->> ${attribute}) ~ '^\\s*[0-9]+(\\.[0-9]+)?\\s*$'
    ),
    spend as (
      select o.person_id, sum(o.amount) as our_spend
      from ${purchases} o
      where o.person_id in (select person_id from known)
      group by o.person_id
    )
    select k.person_id as "customerId", coalesce(s.our_spend, 0)::float8 as "ourSpend",
      k.category_spend::float8 as "categorySpend"
    from known k left join spend s on s.person_id = k.person_id`.execute(trx);
  return rows.map((r) => ({
    customerId: r.customerId,
    ourSpend: r.ourSpend,
    categorySpend: r.categorySpend,
  }));
}
