import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/index';
import { isAllowed, type Principal } from '../platform/index';
import { auditCreatedPeople } from './audit';
import { type ItemRejection, reject } from './check';
import { type IdentityKey, identityId } from './customer-ref';
import type { PendingOrder } from './pending-order';
import { deletePeople, findIdentityOwners, insertIdentities, insertPeople } from './order-repository';

/** New customers of one batch, keyed by their first identifier. */
interface NewCustomer {
  personId: string;
  name: string;
  identities: Map<string, IdentityKey>;
  orders: PendingOrder[];
}

/**
 * Sets the person of each order given by customer identifiers. The identifiers are tried in order
 * (external id, email, phone) against the identities table by exact match, and the first match
 * decides. Orders whose identifiers match no one get a new person holding all their identifiers;
 * orders of the same new customer in one batch share that person. Identifiers are not added to
 * a person who already exists: linking and merging are identity resolution's job.
 */
export async function resolveCustomers(
  trx: Tx,
  actor: Principal,
  pending: PendingOrder[],
  rejectItem: (index: number, why: ItemRejection) => void,
  options: { stats?: { peopleCreated: number }; audit?: 'each' | 'none' },
): Promise<PendingOrder[]> {
  const ws = actor.workspaceId;
  const wanted = pending.filter((p) => p.order.customer !== undefined);
  if (wanted.length === 0) return pending;
  const keys = new Map<string, IdentityKey>();
  for (const p of wanted) for (const k of p.order.customer?.identities ?? []) keys.set(identityId(k), k);
  const owners = new Map(
    (await findIdentityOwners(trx, ws, [...keys.values()])).map((o) => [identityId(o), o.person_id]),
  );

  const newCustomers = new Map<string, NewCustomer>();
  for (const p of wanted) {
    const identities = p.order.customer?.identities ?? [];
    const owner = identities.map((k) => owners.get(identityId(k))).find((id) => id !== undefined);
    if (owner) {
      p.personId = owner;
      continue;
    }
    const primary = identities[0] as IdentityKey;
    let customer = newCustomers.get(identityId(primary));
    if (!customer) {
      customer = { personId: randomUUID(), name: primary.raw, identities: new Map(), orders: [] };
      newCustomers.set(identityId(primary), customer);
    }
    if (p.order.customer?.name && customer.orders.every((o) => !o.order.customer?.name)) {
      customer.name = p.order.customer.name;
    }
    for (const k of identities) customer.identities.set(identityId(k), k);
    customer.orders.push(p);
  }
  if (newCustomers.size === 0) return pending;

  if (!isAllowed(actor, 'people', 'create')) {
    const denied = new Set<PendingOrder>();
    for (const c of newCustomers.values()) {
      for (const p of c.orders) {
        denied.add(p);
        rejectItem(
          p.index,
          reject(
            'customer',
            `no person matches, and your role (${actor.roleName}) may not create people`,
            'forbidden',
          ),
        );
      }
    }
    return pending.filter((p) => !denied.has(p));
  }
  const created = await createCustomers(trx, actor, [...newCustomers.values()], options.audit ?? 'each');
  if (options.stats) options.stats.peopleCreated += created;
  return pending;
}

/** Creates the people; returns how many were created (not found created by a concurrent call). */
async function createCustomers(
  trx: Tx,
  actor: Principal,
  customers: NewCustomer[],
  audit: 'each' | 'none',
): Promise<number> {
  const ws = actor.workspaceId;
  await insertPeople(
    trx,
    customers.map((c) => [ws, c.personId, c.name] as const),
  );
  const inserted = await insertIdentities(
    trx,
    customers.flatMap((c) =>
      [...c.identities.values()].map((k) => [ws, c.personId, k.kind, k.value, k.raw, k.source] as const),
    ),
  );
  const held = new Map(inserted.map((r) => [identityId(r), r.person_id]));
  // A concurrent call may have created the same customer since the look-up: use its person.
  const lost = customers.filter((c) => held.get([...c.identities.keys()][0] ?? '') !== c.personId);
  if (lost.length > 0) {
    const owners = new Map(
      (
        await findIdentityOwners(
          trx,
          ws,
          lost.map((c) => [...c.identities.values()][0] as IdentityKey),
        )
      ).map((o) => [identityId(o), o.person_id]),
    );
    await deletePeople(
      trx,
      ws,
      lost.map((c) => c.personId),
    );
    for (const c of lost) c.personId = owners.get([...c.identities.keys()][0] ?? '') ?? c.personId;
  }
  const lostSet = new Set(lost);
  for (const c of customers) for (const p of c.orders) p.personId = c.personId;
  const made = customers.filter((c) => !lostSet.has(c)).map((c) => c.personId);
  if (audit === 'each') await auditCreatedPeople(trx, actor, made);
  return made.length;
}
