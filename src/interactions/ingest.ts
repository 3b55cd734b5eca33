import { type Identifiers, resolveIdentifiers } from '../customers/index';
import { workspaceRegion } from '../platform/index';
import type { Db } from '../db/index';
import { type Tx, withTenant, withTenantRetrying } from '../db/index';
import { timeOrderedId } from '../db/index';
import { AppError, invalid } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { type BulkResult, bulkResult, type ItemResult } from '../platform/index';
import { type CheckedItem, checkItem, type InteractionInput, type ItemError } from './input';
import {
  findByKeys,
  findPeople,
  findUsers,
  insertInteractions,
  type PreparedBatch,
  type PreparedRow,
  prepareInteractions,
  type StoredRef,
} from './repository';
import type { LinkExplanation } from './tables';

/** Items per `POST /api/interactions/bulk`; more go through the NDJSON stream. */
export const MAX_BULK_ITEMS = 10_000;

export interface ChunkOptions {
  /** The workspace's default phone region (read once per request). */
  region: string;
  /** HTTP callers must send idempotency keys; slices recording inside their transaction need not. */
  keyRequired: boolean;
  /** The index of the chunk's first item in the whole call (a stream's chunks): answers carry offset + i. */
  itemsOffset?: number;
  /**
   * Items without a personId are kept without a person (their identifiers stored, not resolved, no
   * person created): a call from a number nobody owns yet. Default false: identifiers find or make one.
   */
  keepUnresolved?: boolean;
}

interface Accepted {
  item: CheckedItem;
  personId: string | null;
  explanation: LinkExplanation | null;
}

/**
 * Ingests one chunk inside the caller's tenant transaction: checks each item (bad ones rejected one
 * by one, naming the field), answers a known idempotency key with the first row (`duplicate`), resolves
 * identifiers to people with one `resolveIdentifiers` call, inserts the rows with one statement and
 * their audit entries with another. A key repeated within the chunk is a duplicate of its first item.
 * The rows' parameters are built while identity resolution waits for the database.
 */
export async function ingestChunk(
  trx: Tx,
  actor: Principal,
  raws: readonly unknown[],
  options: ChunkOptions,
): Promise<ItemResult[]> {
  const ws = actor.workspaceId;
  const now = Date.now();
  const offset = options.itemsOffset ?? 0;
  const results: ItemResult[] = new Array(raws.length);
  const rejectItem = (i: number, error: ItemError) => {
    results[i] = rejection(offset + i, error);
  };

  const items: (CheckedItem | undefined)[] = raws.map((raw, i) => {
    const checked = checkItem(raw, now, options.keyRequired, !options.keepUnresolved);
    if (checked.ok) return checked.item;
    rejectItem(i, checked.error);
    return undefined;
  });
  const live = indexesOf(items);

  const stored = await findByKeys(trx, ws, unique(live.map((i) => items[i]?.key)));
  const agentIds: string[] = [];
  const agentEmails: string[] = [];
  const personIds: string[] = [];
  for (const i of live) {
    const item = items[i] as CheckedItem;
    if (item.agent) 'id' in item.agent ? agentIds.push(item.agent.id) : agentEmails.push(item.agent.email);
    if (item.personId) personIds.push(item.personId);
  }
  const users = await findUsers(trx, ws, unique(agentIds), unique(agentEmails));
  const people = await findPeople(trx, ws, unique(personIds));

  const firstWithKey = new Map<string, number>();
  const repeats = new Map<number, number>();
  const fresh: number[] = [];
  for (const i of live) {
    const item = items[i] as CheckedItem;
    const known = item.key === null ? undefined : stored.get(item.key);
    if (known) results[i] = duplicate(offset + i, known);
    else if (item.agent && !users.has('id' in item.agent ? item.agent.id : item.agent.email))
      rejectItem(i, {
        code: 'not_found',
        message: 'no user of this workspace has this id or email',
        field: 'agent',
      });
    else if (item.personId && !people.has(item.personId))
      rejectItem(i, {
        code: 'not_found',
        message: 'no person of this workspace has this id',
        field: 'personId',
      });
    else if (item.key !== null && firstWithKey.has(item.key))
      repeats.set(i, firstWithKey.get(item.key) as number);
    else {
      if (item.key !== null) firstWithKey.set(item.key, i);
      fresh.push(i);
    }
  }

  // Everything about the rows but their people is built before identity resolution asks the database.
  let batch: PreparedBatch | undefined;
  const prepare = (order: readonly number[]) => {
    batch = prepareInteractions(
      order.map((i) => {
        const item = items[i] as CheckedItem;
        return toPrepared(
          timeOrderedId(now),
          item,
          item.agent ? (users.get(agentKey(item.agent)) ?? null) : null,
        );
      }),
    );
  };
  let accepted: [number, Accepted][];
  if (options.keepUnresolved) {
    prepare(fresh);
    accepted = fresh.map((i): [number, Accepted] => {
      const item = items[i] as CheckedItem;
      return [i, { item, personId: item.personId, explanation: item.personId ? { by: 'personId' } : null }];
    });
  } else {
    accepted = await linkPeople(trx, actor, options.region, fresh, items, rejectItem, prepare);
  }
  const prepared = batch as PreparedBatch;
  const inserted = await insertInteractions(
    trx,
    actor,
    prepared,
    accepted.map(([, a]) => [
      a.personId,
      a.explanation === null ? null : JSON.stringify(a.explanation),
      linkedBy(a.explanation),
    ]),
  );
  const ids = new Map(accepted.map(([i], k) => [i, (prepared.rows[k] as PreparedRow)[0]]));
  const lost: number[] = [];
  for (const [i, a] of accepted) {
    const id = ids.get(i) as string;
    if (inserted.has(id)) results[i] = { index: offset + i, status: 'created', id, personId: a.personId };
    else lost.push(i);
  }
  if (lost.length > 0) {
    // Another transaction committed these keys after our lookup: theirs is the first row.
    const winners = await findByKeys(
      trx,
      ws,
      lost.map((i) => items[i]?.key as string),
    );
    for (const i of lost)
      results[i] = duplicate(offset + i, winners.get(items[i]?.key as string) as StoredRef);
  }
  for (const [i, first] of repeats) {
    const original = results[first] as ItemResult;
    if (original.status === 'rejected')
      rejectItem(i, {
        code: 'conflict',
        message: `repeats the idempotencyKey of item ${offset + first}, which was rejected`,
        field: 'idempotencyKey',
      });
    else results[i] = { ...original, index: offset + i, status: 'duplicate' };
  }

  return results;
}

/**
 * Ties each fresh item to a person: the given personId, or one resolveIdentifiers call for the rest.
 * `prepare` gets the items that will be inserted (input order) before resolution reads the database.
 */
async function linkPeople(
  trx: Tx,
  actor: Principal,
  region: string,
  fresh: number[],
  items: (CheckedItem | undefined)[],
  rejectItem: (i: number, error: ItemError) => void,
  prepare: (order: readonly number[]) => void,
): Promise<[number, Accepted][]> {
  const accepted = new Map<number, Accepted>();
  const toResolve: number[] = [];
  for (const i of fresh) {
    const item = items[i] as CheckedItem;
    if (item.personId) accepted.set(i, { item, personId: item.personId, explanation: { by: 'personId' } });
    else toResolve.push(i);
  }
  if (toResolve.length === 0) prepare(fresh);
  else {
    const outcomes = await resolveIdentifiers(
      trx,
      actor,
      region,
      toResolve.map((i) => (items[i] as CheckedItem).identifiers),
      {
        beforeLock: (rejected) => {
          const refused = new Set(toResolve.filter((_, n) => rejected[n]));
          prepare(fresh.filter((i) => !refused.has(i)));
        },
      },
    );
    toResolve.forEach((i, n) => {
      const outcome = outcomes[n];
      if (!outcome) throw new Error('identity resolution answered fewer items than it was given');
      if (!outcome.ok) {
        rejectItem(i, { code: 'validation_failed', message: outcome.reason, field: outcome.field });
        return;
      }
      const r = outcome.resolution;
      accepted.set(i, {
        item: items[i] as CheckedItem,
        personId: r.personId,
        explanation: {
          by: 'identifiers',
          matchedBy: r.matchedBy,
          attached: r.attached,
          createdPerson: r.created,
          alsoMatched: r.alsoMatched,
        },
      });
    });
  }
  return [...accepted].sort(([a], [b]) => a - b);
}

function toPrepared(id: string, item: CheckedItem, agentId: string | null): PreparedRow {
  return [
    id,
    item.channel,
    item.direction,
    item.type,
    item.occurredAt,
    item.durationSeconds,
    agentId,
    item.subject,
    item.summary,
    item.body,
    item.metadata,
    item.links,
    JSON.stringify(item.identifiers),
    item.key,
  ];
}

/**
 * How the person was found, without the identifier values: the audit log is append-only, so it
 * must not keep an email or phone that an erasure request removes from the interaction.
 */
function linkedBy(link: LinkExplanation | null): string {
  if (link === null) return 'none';
  if (link.by === 'personId') return 'personId';
  if (link.createdPerson) return 'new person';
  return [...new Set(link.matchedBy.map((m) => m.slice(0, m.indexOf(':'))))].join(',');
}

const agentKey = (agent: { id: string } | { email: string }) => ('id' in agent ? agent.id : agent.email);
const duplicate = (index: number, ref: StoredRef): ItemResult => ({
  index,
  status: 'duplicate',
  id: ref.id,
  personId: ref.personId,
});

/** A refused item in the bulk answer's shape (`ItemError` names the field relative to the item). */
export const rejection = (index: number, error: ItemError): ItemResult => ({
  index,
  status: 'rejected',
  field: error.field || 'item',
  reason: error.message,
  code: error.code,
});

function indexesOf<T>(values: (T | undefined)[]): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    if (v !== undefined) out.push(i);
  });
  return out;
}

function unique(values: (string | null | undefined)[]): string[] {
  const set = new Set<string>();
  for (const v of values) if (v) set.add(v);
  return [...set];
}

/** `POST /api/interactions/bulk`: up to 10,000 items in one transaction; answers after commit. */
export async function ingestInteractions(db: Db, actor: Principal, body: unknown): Promise<BulkResult> {
  authorize(actor, 'interactions', 'create');
  const items = readEnvelope(body);
  if (items.length === 0) return bulkResult([]);
  return withTenantRetrying(db, actor.workspaceId, async (trx) => {
    const region = await workspaceRegion(trx, actor.workspaceId);
    return bulkResult(await ingestChunk(trx, actor, items, { region, keyRequired: true }));
  });
}

function readEnvelope(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('body', 'must be an object {"items": [...]}');
  for (const key of Object.keys(body)) if (key !== 'items') throw invalid(key, 'unknown field');
  const items = (body as { items?: unknown }).items;
  if (!Array.isArray(items)) throw invalid('items', 'must be an array of interactions');
  if (items.length > MAX_BULK_ITEMS)
    throw new AppError(
      'payload_too_large',
      `at most ${MAX_BULK_ITEMS.toLocaleString('en-US')} items per call (got ${items.length.toLocaleString('en-US')}); stream more as NDJSON to /api/interactions/stream`,
      'items',
    );
  return items;
}

/** `POST /api/interactions`: one item, in its own transaction; a bad item is a 4xx naming the field. */
export async function recordOne(db: Db, actor: Principal, body: unknown): Promise<RecordedInteraction> {
  authorize(actor, 'interactions', 'create');
  const [result] = await withTenant(db, actor.workspaceId, async (trx) =>
    ingestChunk(trx, actor, [body], {
      region: await workspaceRegion(trx, actor.workspaceId),
      keyRequired: true,
    }),
  );
  return recorded(result);
}

function recorded(result: ItemResult | undefined): RecordedInteraction {
  if (!result) throw new AppError('internal', 'not recorded');
  if (result.status === 'rejected')
    throw new AppError(result.code, result.reason, result.field === 'item' ? undefined : result.field);
  return { status: result.status, id: result.id, personId: result.personId ?? null };
}

/** What `recordInteraction` answers: the row (new, or the first with the same idempotency key). */
export interface RecordedInteraction {
  status: 'created' | 'duplicate';
  id: string;
  personId: string | null;
}

/**
 * Records one interaction inside the caller's tenant transaction (a call logged by telephony, a
 * purchase by sales), so it commits or rolls back with the caller's own rows. Resolves identifiers
 * like bulk ingest does; an idempotency key makes it safe to repeat. Throws a 4xx `AppError`
 * naming the field (`channel`, `identifiers.phone`) on bad input.
 */
export async function recordInteraction(
  trx: Tx,
  actor: Principal,
  input: InteractionInput,
  options: { keepUnresolved?: boolean } = {},
): Promise<RecordedInteraction> {
  authorize(actor, 'interactions', 'create');
  const region = await workspaceRegion(trx, actor.workspaceId);
  const [result] = await ingestChunk(trx, actor, [input], { region, keyRequired: false, ...options });
  return recorded(result);
}

export type { Identifiers, InteractionInput };
