import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../db/tenant';
import { arrayParam } from '../db/array-param';
import { unnestInsert } from '../db/unnest';
import { recordAuditBatch } from '../platform/audit';
import type { Principal } from '../platform/permissions';
import { type IdentityKind, type NormalisedIdentity, normaliseIdentity } from './identities';

/** The identifiers an interaction (or order, or call) arrives with. */
export interface Identifiers {
  email?: string;
  phone?: string;
  /** `source:id`, e.g. `shop:123`. */
  externalId?: string;
  deviceId?: string;
  social?: string;
  /** A name to give the person if one has to be created. */
  name?: string;
}

export interface Resolution {
  personId: string;
  /** A person was created for identifiers nobody had. */
  created: boolean;
  /** The identifiers that found the person (`kind:value`): each link says what made it. */
  matchedBy: string[];
  /** Identifiers that were new and are now the person's. */
  attached: string[];
  /** Other people the identifiers also point at; a merge candidate was recorded for each. */
  alsoMatched: string[];
}

export type ResolveOutcome =
  | { ok: true; resolution: Resolution }
  | { ok: false; field: string; reason: string };

/** Which identifier decides when identifiers point at different people: the most specific first. */
const PRIORITY: readonly IdentityKind[] = ['external', 'email', 'phone', 'device', 'social'];
const FIELDS: Record<IdentityKind, keyof Identifiers> = {
  external: 'externalId',
  email: 'email',
  phone: 'phone',
  device: 'deviceId',
  social: 'social',
};
/** Serialises identity resolution within a workspace so two batches never create the same person twice. */
const RESOLUTION_LOCK = 7_231_002;

const keyOf = (i: { kind: string; value: string }) => `${i.kind}:${i.value}`;

/**
 * Exact identity resolution for a batch, in input order (deterministic): each item's identifiers find
 * their person; unknown identifiers attach to the person found by another identifier of the same item,
 * or create a person; when identifiers point at two people the item goes to the best match (by PRIORITY,
 * then the oldest person) and a merge candidate is recorded. Runs in the caller's tenant transaction.
 */
export async function resolveIdentifiers(
  trx: Tx,
  actor: Principal,
  region: string,
  items: readonly Identifiers[],
  fieldPrefix = 'identifiers',
): Promise<ResolveOutcome[]> {
  const normalised = items.map((item) => normaliseItem(item, region, fieldPrefix));
  const wanted = new Map<string, NormalisedIdentity>();
  for (const n of normalised) if (n.ok) for (const i of n.identities) wanted.set(keyOf(i), i);
  if (wanted.size === 0) return normalised.map((n) => (n.ok ? noIdentifiers(fieldPrefix) : n));

  await sql`select pg_advisory_xact_lock(${RESOLUTION_LOCK}, hashtext(${actor.workspaceId}))`.execute(trx);
  const owners = await findOwners(trx, actor.workspaceId, [...wanted.values()]);
  const ages = await personAges(trx, actor.workspaceId, [...new Set(owners.values())]);

  const newPeople: { id: string; name: string }[] = [];
  const newIdentities: (NormalisedIdentity & { personId: string })[] = [];
  const candidates = new Map<string, { a: string; b: string; reason: string }>();
  const outcomes: ResolveOutcome[] = normalised.map((n, index) => {
    if (!n.ok) return n;
    const matches = n.identities.filter((i) => owners.has(keyOf(i)));
    const people = [...new Set(matches.map((i) => owners.get(keyOf(i)) as string))];
    let personId: string;
    let created = false;
    if (people.length === 0) {
      personId = randomUUID();
      created = true;
      ages.set(personId, Number.MAX_SAFE_INTEGER - ages.size);
      newPeople.push({ id: personId, name: displayName(items[index] as Identifiers, n.identities) });
    } else {
      personId = bestMatch(matches, owners, ages);
    }
    const attached: string[] = [];
    for (const identity of n.identities) {
      if (owners.has(keyOf(identity))) continue;
      owners.set(keyOf(identity), personId);
      newIdentities.push({ ...identity, personId });
      attached.push(keyOf(identity));
    }
    const alsoMatched = people.filter((p) => p !== personId);
    for (const other of alsoMatched) {
      const [a, b] = personId < other ? [personId, other] : [other, personId];
      const shared = matches.filter((i) => owners.get(keyOf(i)) === other).map(keyOf);
      candidates.set(`${a}|${b}`, {
        a,
        b,
        reason: `one interaction carried ${shared.join(', ')} and identifiers of the other`,
      });
    }
    return {
      ok: true,
      resolution: {
        personId,
        created,
        matchedBy: matches
          .filter((i) => owners.get(keyOf(i)) === personId && !attached.includes(keyOf(i)))
          .map(keyOf),
        attached: created ? [] : attached,
        alsoMatched,
      },
    };
  });

  await insertPeople(trx, actor, newPeople);
  await insertIdentities(trx, actor.workspaceId, newIdentities);
  await insertCandidates(trx, actor.workspaceId, [...candidates.values()]);
  return outcomes;
}

type NormalisedItem =
  | { ok: true; identities: NormalisedIdentity[] }
  | { ok: false; field: string; reason: string };

function normaliseItem(item: Identifiers, region: string, prefix: string): NormalisedItem {
  const identities: NormalisedIdentity[] = [];
  for (const kind of PRIORITY) {
    const raw = item[FIELDS[kind]];
    if (raw === undefined || raw === '') continue;
    const result = normaliseIdentity(kind, raw, region);
    if (!result.ok)
      return { ok: false, field: `${prefix}.${FIELDS[kind]}`, reason: `${kind} ${result.reason}` };
    identities.push(result.identity);
  }
  return identities.length === 0 ? noIdentifiers(prefix) : { ok: true, identities };
}

function noIdentifiers(prefix: string): { ok: false; field: string; reason: string } {
  return {
    ok: false,
    field: prefix,
    reason: 'needs at least one of email, phone, externalId, deviceId, social',
  };
}

function bestMatch(
  matches: NormalisedIdentity[],
  owners: Map<string, string>,
  ages: Map<string, number>,
): string {
  const ranked = [...matches].sort((x, y) => {
    const byKind = PRIORITY.indexOf(x.kind) - PRIORITY.indexOf(y.kind);
    if (byKind !== 0) return byKind;
    return (ages.get(owners.get(keyOf(x)) as string) ?? 0) - (ages.get(owners.get(keyOf(y)) as string) ?? 0);
  });
  return owners.get(keyOf(ranked[0] as NormalisedIdentity)) as string;
}

function displayName(item: Identifiers, identities: NormalisedIdentity[]): string {
  return item.name?.trim() || (identities[0] as NormalisedIdentity).raw.trim();
}

async function findOwners(
  trx: Tx,
  workspaceId: string,
  identities: NormalisedIdentity[],
): Promise<Map<string, string>> {
  const { rows } = await sql<{ kind: string; value: string; person_id: string }>`
    select i.kind, i.value, i.person_id
    from identities i
    join unnest(${arrayParam(
      identities.map((i) => i.kind),
      'text',
    )}, ${arrayParam(
      identities.map((i) => i.value),
      'text',
    )}) as w(kind, value)
      on i.kind = w.kind and i.value = w.value
    where i.workspace_id = ${workspaceId}`.execute(trx);
  return new Map(rows.map((r) => [keyOf(r), r.person_id]));
}

/** Rank of each person by creation (older first), for the tie-break. */
async function personAges(trx: Tx, workspaceId: string, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: string }>`
    select id from people where workspace_id = ${workspaceId} and id = any(${arrayParam(ids, 'uuid')})
    order by created_at, id`.execute(trx);
  return new Map(rows.map((r, rank) => [r.id, rank]));
}

async function insertPeople(
  trx: Tx,
  actor: Principal,
  people: { id: string; name: string }[],
): Promise<void> {
  if (people.length === 0) return;
  const ws = people.map(() => actor.workspaceId);
  const owner = actor.via === 'system' ? null : actor.userId;
  await unnestInsert(
    'people',
    [
      ['workspace_id', 'uuid'],
      ['id', 'uuid'],
      ['display_name', 'text'],
      ['owner_id', 'uuid'],
      ['team_id', 'uuid'],
    ],
    people.map((p, i) => [ws[i], p.id, p.name.slice(0, 400), owner, actor.teamId]),
  ).execute(trx);
  await unnestInsert(
    'lifecycle_changes',
    [
      ['workspace_id', 'uuid'],
      ['person_id', 'uuid'],
      ['to_stage', 'text'],
      ['changed_by', 'uuid'],
    ],
    people.map((p) => [actor.workspaceId, p.id, 'awareness', owner]),
  ).execute(trx);
  await recordAuditBatch(
    trx,
    actor,
    people.map((p) => ({
      action: 'create',
      objectType: 'people',
      objectId: p.id,
      after: { display_name: p.name, source: 'identity resolution' },
    })),
  );
}

async function insertIdentities(
  trx: Tx,
  workspaceId: string,
  identities: (NormalisedIdentity & { personId: string })[],
): Promise<void> {
  if (identities.length === 0) return;
  await unnestInsert(
    'identities',
    [
      ['workspace_id', 'uuid'],
      ['person_id', 'uuid'],
      ['kind', 'text'],
      ['value', 'text'],
      ['raw', 'text'],
      ['source', 'text'],
    ],
    identities.map((i) => [workspaceId, i.personId, i.kind, i.value, i.raw, i.source]),
  ).execute(trx);
}

async function insertCandidates(
  trx: Tx,
  workspaceId: string,
  pairs: { a: string; b: string; reason: string }[],
) {
  if (pairs.length === 0) return;
  await sql`${unnestInsert(
    'merge_candidates',
    [
      ['workspace_id', 'uuid'],
      ['person_a', 'uuid'],
      ['person_b', 'uuid'],
      ['score', 'numeric'],
      ['reasons', 'jsonb'],
    ],
    pairs.map((p) => [workspaceId, p.a, p.b, 0.95, JSON.stringify([p.reason])]),
  )} on conflict (workspace_id, person_a, person_b) do update
      set score = greatest(merge_candidates.score, excluded.score),
          reasons = case when merge_candidates.reasons @> excluded.reasons then merge_candidates.reasons
                         else merge_candidates.reasons || excluded.reasons end,
          updated_at = now()`.execute(trx);
}
