import type { Tx } from '../../db/index';
import { readDisplayNames } from '../feeds/people';

/** Adds each person's display name to a page of per-customer detail (ids that are people). */
export async function attachNames<T extends { customerId: string; name?: string }>(
  trx: Tx,
  workspaceId: string,
  items: T[],
): Promise<T[]> {
  const names = await readDisplayNames(
    trx,
    workspaceId,
    items.map((i) => i.customerId),
  );
  for (const item of items) {
    const name = names.get(item.customerId);
    if (name !== undefined) item.name = name;
  }
  return items;
}
