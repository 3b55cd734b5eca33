import { type RawBuilder, sql } from 'kysely';
import { arrayParam } from '../../db/index';
import type { Tx } from '../../db/index';
import { timeOrderedId, unnestInsert } from '../../db/index';
import { AppError } from '../../platform/index';
import type { Principal } from '../../platform/index';
import { type IdentityKind, type NormalisedIdentity, normaliseIdentity } from './identities';
import { opaqueUuid } from '../../db/index';

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

/** The fields a person is created with (column names of `people`); only the display name is required. */
export interface NewPerson {
  display_name: string;
  given_name?: string | null;
  family_name?: string | null;
  /** YYYY-MM-DD. */
  birthday?: string | null;
  language?: string | null;
  notes?: string | null;
  /** Default 'awareness'. */
  lifecycle_stage?: string | null;
  address?: Record<string, string> | null;
}

export interface ResolveOptions {
  /** Prefix of the error fields (`identifiers.phone`). Default 'identifiers'. */
  fieldPrefix?: string;
  /**
   * The person to create for the items (their indexes, in input order) that resolved to a new one;
   * `name` is the default display name (the first item's name or first identifier). Without it a new
   * person has only a display name. The people import gives every field of its lines here, so a new
   * person is written once, whole.
   */
  newPerson?: (items: readonly number[], name: string) => NewPerson;
  /** What the audit entry of a created person names as its source. Default 'identity resolution'. */
  source?: string;
  /**
   * Called once the identifiers are read, before the database is asked who owns them: `rejected[i]`
   * says whether item i will be refused. Work that does not need the people found is best done here,
   * while the database serves other batches.
   */
  beforeLock?: (rejected: readonly boolean[]) => void;
}

/** Which identifier decides when identifiers point at different people: the most specific first. */
const PRIORITY: readonly IdentityKind[] = ['external', 'email', 'phone', 'device', 'social'];
const FIELDS: Record<IdentityKind, keyof Identifiers> = {
  external: 'externalId',
  email: 'email',
  phone: 'phone',
  device: 'deviceId',
  social: 'social',
};
/**
 * Batches resolve side by side under this lock taken shared; a merge takes it exclusive, so no batch
 * attaches an identifier to a person being merged away.
 */
const RESOLUTION_LOCK = 7_231_002;

type Keyed = NormalisedIdentity & { key: string };

const keyOf = (i: { kind: string; value: string }) => `${i.kind}:${i.value}`;

/**
 * Exact identity resolution for a batch, in input order (deterministic): each item's identifiers find
 * their person; unknown identifiers attach to the person found by another identifier of the same item,
 * or create a person; when identifiers point at two people the item goes to the person of its most
 * specific identifier (PRIORITY order) and a merge candidate is recorded. Runs in the caller's tenant
 * transaction with a fixed number of statements whatever the batch size: one lookup of every
 * identifier, then one statement that creates the new people with their first lifecycle stage and an
 * audit entry each (both derived in the database from the inserted rows) and inserts the new
 * identities; merge candidates, when there are any, with one more. Concurrent batches do not wait for
 * each other: the unique index on identifiers decides. When another batch took one of this batch's
 * new identifiers meanwhile, this batch's writes are rolled back to a savepoint and it resolves again,
 * so two batches never create two people for one identifier.
 */
export async function resolveIdentifiers(
  trx: Tx,
  actor: Principal,
  region: string,
  items: readonly Identifiers[],
  options: ResolveOptions = {},
): Promise<ResolveOutcome[]> {
  const prefix = options.fieldPrefix ?? 'identifiers';
  const normalised = items.map((item) => normaliseItem(item, region, prefix));
  const wanted = new Map<string, Keyed>();
  for (const n of normalised) if (n.ok) for (const i of n.identities) wanted.set(i.key, i);
  options.beforeLock?.(normalised.map((n) => !n.ok));
  if (wanted.size === 0) return normalised.map((n) => (n.ok ? noIdentifiers(prefix) : n));

  // Shared with other batches, exclusive for merges (a merge never runs under a batch).
  await sql`select pg_advisory_xact_lock_shared(${RESOLUTION_LOCK}, hashtext(${actor.workspaceId}))`.execute(
    trx,
  );
  for (let attempt = 1; ; attempt++) {
    const owners = await findOwners(trx, actor.workspaceId, [...wanted.values()]);
    const plan = planResolution(items, normalised, owners, options);
    // Another batch may have taken one of the new identifiers since it was looked up: then this
    // one's writes are undone and it is resolved again, that identifier now found.
    await sql`savepoint resolution`.execute(trx);
    const taken = await insertPeopleAndIdentities(
      trx,
      actor,
      plan.people,
      plan.identities,
      options.source ?? 'identity resolution',
    );
    if (taken === 0) {
      await sql`release savepoint resolution`.execute(trx);
      await insertCandidates(trx, actor.workspaceId, plan.candidates);
      return plan.outcomes;
    }
    await sql`rollback to savepoint resolution`.execute(trx);
    if (attempt === MAX_ATTEMPTS)
      throw new AppError(
        'conflict',
        `other writes kept taking this batch's new identifiers (${attempt} attempts): send it again`,
      );
  }
}

/** Rounds of lookup and write before a batch whose new identifiers keep being taken gives up. */
const MAX_ATTEMPTS = 5;

interface ResolutionPlan {
  outcomes: ResolveOutcome[];
  people: (NewPerson & { id: string })[];
  identities: (Keyed & { personId: string })[];
  candidates: { a: string; b: string; reason: string }[];
}

/** What the batch's items resolve to, given the owners of their identifiers (pure). */
function planResolution(
  items: readonly Identifiers[],
  normalised: readonly NormalisedItem[],
  found: ReadonlyMap<string, string>,
  options: ResolveOptions,
): ResolutionPlan {
  const owners = new Map(found);

  /** Each person created here, with the items that resolved to it (input order). */
  const newPeople = new Map<string, { name: string; items: number[] }>();
  const newIdentities: (Keyed & { personId: string })[] = [];
  const candidates = new Map<string, { a: string; b: string; reason: string }>();
  const now = Date.now();
  const outcomes: ResolveOutcome[] = normalised.map((n, index) => {
    if (!n.ok) return n;
    // The identities already owned (before this item attaches its new ones) and their people, in
    // PRIORITY order: the first one's person is the best match.
    const matches: Keyed[] = [];
    const matchOwners: string[] = [];
    const people: string[] = [];
    for (const identity of n.identities) {
      const owner = owners.get(identity.key);
      if (owner === undefined) continue;
      matches.push(identity);
      matchOwners.push(owner);
      if (!people.includes(owner)) people.push(owner);
    }
    let personId: string;
    let created = false;
    if (people.length === 0) {
      personId = timeOrderedId(now);
      created = true;
      newPeople.set(personId, {
        name: displayName(items[index] as Identifiers, n.identities),
        items: [index],
      });
    } else {
      personId = people[0] as string;
      newPeople.get(personId)?.items.push(index);
    }
    const attached: string[] = [];
    for (const identity of n.identities) {
      if (owners.has(identity.key)) continue;
      owners.set(identity.key, personId);
      newIdentities.push({
        kind: identity.kind,
        value: identity.value,
        raw: identity.raw,
        source: identity.source,
        key: identity.key,
        personId,
      });
      attached.push(identity.key);
    }
    const matchedBy: string[] = [];
    for (let m = 0; m < matches.length; m++)
      if (matchOwners[m] === personId) matchedBy.push((matches[m] as Keyed).key);
    const alsoMatched = people.slice(1);
    for (const other of alsoMatched) {
      const [a, b] = personId < other ? [personId, other] : [other, personId];
      const shared = matches.filter((_, m) => matchOwners[m] === other).map((i) => i.key);
      candidates.set(`${a}|${b}`, {
        a,
        b,
        reason: `one interaction carried ${shared.join(', ')} and identifiers of the other`,
      });
    }
    return {
      ok: true,
      resolution: { personId, created, matchedBy, attached: created ? [] : attached, alsoMatched },
    };
  });

  const people = [...newPeople].map(([id, p]) => ({
    id,
    ...(options.newPerson ? options.newPerson(p.items, p.name) : { display_name: p.name }),
  }));
  // Pairs in key order: concurrent batches lock the rows they share in the same order.
  const pairs = [...candidates.values()].sort((x, y) =>
    x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1,
  );
  return { outcomes, people, identities: newIdentities, candidates: pairs };
}

type NormalisedItem = { ok: true; identities: Keyed[] } | { ok: false; field: string; reason: string };

function normaliseItem(item: Identifiers, region: string, prefix: string): NormalisedItem {
  const identities: Keyed[] = [];
  for (const kind of PRIORITY) {
    const raw = item[FIELDS[kind]];
    if (raw === undefined || raw === '') continue;
    const result = normaliseIdentity(kind, raw, region);
    if (!result.ok)
      return { ok: false, field: `${prefix}.${FIELDS[kind]}`, reason: `${kind} ${result.reason}` };
    const identity = result.identity as Keyed;
    identity.key = keyOf(identity);
    identities.push(identity);
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

function displayName(item: Identifiers, identities: NormalisedIdentity[]): string {
  return item.name?.trim() || (identities[0] as NormalisedIdentity).raw.trim();
}

/**
 * The person owning each identifier, by the unique index (workspace, kind, value): one probe per
 * identifier whatever the planner believes of the table (a bulk load outruns its statistics, and a hash
 * join would then read every identity of the workspace for each batch).
 */
async function findOwners(trx: Tx, workspaceId: string, identities: Keyed[]): Promise<Map<string, string>> {
  const { rows } = await identityOwnersQuery(
    workspaceId,
    identities.map((i) => i.kind),
    identities.map((i) => i.value),
  ).execute(trx);
  const owners = new Map<string, string>();
  for (const r of rows) if (r.person_id !== null) owners.set(r.key, r.person_id);
  return owners;
}

/** `kind:value` and its owner (or null) for each identifier: one unique-index probe each. */
export function identityOwnersQuery(workspaceId: string, kinds: string[], values: string[]) {
  return sql<{ key: string; person_id: string | null }>`
    select w.kind || ':' || w.value as key,
      (select i.person_id from identities i
        where i.workspace_id = ${opaqueUuid(workspaceId)} and i.kind = w.kind and i.value = w.value) as person_id
    from unnest(${arrayParam(kinds, 'text')}, ${arrayParam(values, 'text')}) as w(kind, value)`;
}

/** `people` columns a new person is inserted with, after workspace, id, owner and team. */
const PERSON_COLUMNS = [
  ['display_name', 'text'],
  ['given_name', 'text'],
  ['family_name', 'text'],
  ['birthday', 'date'],
  ['language', 'text'],
  ['notes', 'text'],
  ['lifecycle_stage', 'text'],
  ['address', 'jsonb'],
] as const;

/**
 * One statement: the new people, a lifecycle change into each one's first stage and a `create` audit
 * entry for each (both selected from the inserted rows, so nothing is sent twice), and the new
 * identities (whose foreign keys are checked at the end of the statement, when the people exist).
 * Returns how many of the identities another transaction holds already (not inserted).
 */
async function insertPeopleAndIdentities(
  trx: Tx,
  actor: Principal,
  people: (NewPerson & { id: string })[],
  identities: (Keyed & { personId: string })[],
  source: string,
): Promise<number> {
  if (people.length === 0 && identities.length === 0) return 0;
  const ws = actor.workspaceId;
  const now = Date.now();
  const insertIdentities =
    identities.length === 0
      ? sql`select 1`
      : sql`insert into identities (workspace_id, id, person_id, kind, value, raw, source)
          select ${ws}::uuid, i.* from unnest(${arrayParam(
            identities.map(() => timeOrderedId(now)),
            'uuid',
          )}, ${arrayParam(
            identities.map((i) => i.personId),
            'uuid',
          )}, ${arrayParam(
            identities.map((i) => i.kind),
            'text',
          )}, ${arrayParam(
            identities.map((i) => i.value),
            'text',
          )}, ${arrayParam(
            identities.map((i) => i.raw),
            'text',
          )}, ${arrayParam(
            identities.map((i) => i.source),
            'text',
          )}) as i(id, person_id, kind, value, raw, source) order by i.kind, i.value
          on conflict (workspace_id, kind, value) do nothing`;
  const taken = (result: { numAffectedRows?: bigint }) =>
    identities.length - Number(result.numAffectedRows ?? identities.length);
  if (people.length === 0) return taken(await insertIdentities.execute(trx));
  const by = actor.via === 'system' ? null : actor.userId;
  const columns = PERSON_COLUMNS.map(([name, type]) =>
    arrayParam(
      people.map((p): unknown => {
        const value = p[name];
        if (name === 'display_name') return (value as string).slice(0, 400);
        if (name === 'lifecycle_stage') return value ?? 'awareness';
        return value === undefined || value === null
          ? null
          : name === 'address'
            ? JSON.stringify(value)
            : value;
      }),
      type,
    ),
  );
  const inserted = await sql`
    with new_people as (
      insert into people (workspace_id, id, owner_id, team_id, ${sql.join(PERSON_COLUMNS.map(([n]) => sql.ref(n)))})
      select ${ws}::uuid, n.id, ${by}::uuid, ${actor.teamId}::uuid, ${sql.join(
        PERSON_COLUMNS.map(([n]) => sql.ref(`n.${n}`)),
      )}
      from unnest(${arrayParam(
        people.map((p) => p.id),
        'uuid',
      )}, ${sql.join(columns)}) as n(id, ${sql.join(PERSON_COLUMNS.map(([n]) => sql.ref(n)))})
      returning id, display_name, lifecycle_stage
    ), first_stages as (
      insert into lifecycle_changes (workspace_id, person_id, to_stage, changed_by)
      select ${ws}::uuid, id, lifecycle_stage, ${by}::uuid from new_people
    ), audit as (
      ${auditInsert(
        actor,
        'create',
        sql`id`,
        sql`jsonb_build_object(
        'display_name', jsonb_build_object('before', null, 'after', display_name),
        'source', jsonb_build_object('before', null, 'after', ${source}::text))`,
        sql`new_people`,
      )}
    )
    ${insertIdentities}`.execute(trx);
  return identities.length === 0 ? 0 : taken(inserted);
}

/**
 * `insert into audit_log ... select ... from <rows>`: one entry per row of a CTE of the same statement,
 * with the fields `recordAudit` (platform/audit) writes.
 */
function auditInsert(
  actor: Principal,
  action: 'create' | 'update',
  objectId: RawBuilder<unknown>,
  changes: RawBuilder<unknown>,
  from: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const kind = actor.via === 'session' ? 'user' : actor.via === 'token' ? 'token' : 'system';
  return sql`insert into audit_log (workspace_id, actor_user_id, actor_kind, action, object_type, object_id,
      changes, request_id)
    select ${actor.workspaceId}::uuid, ${actor.via === 'system' ? null : actor.userId}::uuid, ${kind}::text,
      ${action}::text, 'people', (${objectId})::text, ${changes}, ${actor.requestId ?? null}::text
    from ${from}`;
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
