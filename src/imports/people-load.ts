import { sql } from 'kysely';
import { type Identifiers, normaliseIdentity, resolveIdentifiers } from '../customers/index';
import type { Tx } from '../db/index';
import { arrayParam } from '../db/index';
import { unnestInsert } from '../db/index';
import { recordAuditBatch } from '../platform/index';
import { authorize, isAllowed, levelFor, type Principal } from '../platform/index';
import type { ChunkContext, ChunkResult, ImportKind, LoadRejection } from './kind';
import { PEOPLE_KEYS, type PersonRow, peopleReader } from './people-rows';
import { opaqueUuid } from '../db/index';

/** The fields a person is created with (`NewPerson` of customers/resolution). */
type NewPerson = ReturnType<NonNullable<NonNullable<Parameters<typeof resolveIdentifiers>[4]>['newPerson']>>;

/**
 * People files: each line is upserted by identity. Its identifiers go through `resolveIdentifiers`
 * with the rest of the chunk: a line whose email, phone or external id is known updates that person
 * (and adds its new identifiers): its non-empty cells overwrite the person's fields (empty cells keep
 * what is there), with one UPDATE for the chunk, a lifecycle change when the stage moves and an
 * audit entry per person. Otherwise a person is created, inserted once with the fields of every line
 * of the chunk that found it, its first stage and its audit entry in the same statement.
 */
export const peopleImport: ImportKind<PersonRow> = {
  name: 'people',
  keys: PEOPLE_KEYS,
  countNames: ['created', 'updated', 'rejected'],
  auditObject: 'people_imports',
  authorize(actor) {
    authorize(actor, 'people', 'create');
    authorize(actor, 'people', 'update');
  },
  reader: peopleReader,
  load: loadPeople,
};

async function loadPeople(
  trx: Tx,
  actor: Principal,
  rows: readonly PersonRow[],
  ctx: ChunkContext,
): Promise<ChunkResult> {
  const rejected: LoadRejection[] = [];
  const live = (await refuseForeignPeople(trx, actor, rows, ctx.region, rejected)).map((i) => ({
    index: i,
    row: rows[i] as PersonRow,
  }));
  const outcomes = await resolveIdentifiers(
    trx,
    actor,
    ctx.region,
    live.map(
      ({ row }): Identifiers =>
        row.name === undefined ? row.identifiers : { ...row.identifiers, name: row.name },
    ),
    {
      source: 'import',
      // A new person is inserted with every field of its lines at once (no update after it).
      newPerson: (items, name) =>
        newPerson(
          items.map((n) => (live[n] as { row: PersonRow }).row),
          name,
        ),
    },
  );
  const counts = { created: 0, updated: 0, rejected: 0 };
  const createdHere = new Set<string>();
  // The fields each person found ends with: later lines of the chunk win, cell by cell.
  const merged = new Map<string, PersonRow>();
  outcomes.forEach((outcome, n) => {
    const { index, row } = live[n] as { index: number; row: PersonRow };
    if (!outcome.ok) {
      rejected.push({ index, field: outcome.field, reason: outcome.reason });
      return;
    }
    const { personId, created } = outcome.resolution;
    if (created) {
      counts.created++;
      createdHere.add(personId);
      return;
    }
    counts.updated++;
    if (createdHere.has(personId)) return;
    const before = merged.get(personId);
    merged.set(personId, before ? mergeRows(before, row) : row);
  });
  counts.rejected = rejected.length;
  await updatePeople(trx, actor, merged);
  return { counts, rejected };
}

/** A new person from its lines (merged in order): the display name as `updatePeople` would make it. */
function newPerson(lines: PersonRow[], name: string): NewPerson {
  const m = lines.reduce(mergeRows);
  const parts =
    m.firstName !== null || m.lastName !== null
      ? [m.firstName, m.lastName]
          .filter((x) => x !== null)
          .join(' ')
          .trim()
      : null;
  return {
    display_name: m.displayName ?? parts ?? name,
    given_name: m.firstName,
    family_name: m.lastName,
    birthday: m.birthday,
    language: m.language,
    notes: m.notes,
    lifecycle_stage: m.lifecycleStage,
    address: m.address,
  };
}

function mergeRows(a: PersonRow, b: PersonRow): PersonRow {
  return {
    ...b,
    firstName: b.firstName ?? a.firstName,
    lastName: b.lastName ?? a.lastName,
    displayName: b.displayName ?? a.displayName,
    birthday: b.birthday ?? a.birthday,
    language: b.language ?? a.language,
    notes: b.notes ?? a.notes,
    lifecycleStage: b.lifecycleStage ?? a.lifecycleStage,
    address: a.address || b.address ? { ...a.address, ...b.address } : null,
  };
}

/**
 * A role that may update only its team's or its own people must not change anyone else's: lines
 * whose identifiers belong to such a person are refused before anything is written.
 */
async function refuseForeignPeople(
  trx: Tx,
  actor: Principal,
  rows: readonly PersonRow[],
  region: string,
  rejected: LoadRejection[],
): Promise<number[]> {
  const all = rows.map((_, i) => i);
  if (levelFor(actor, 'people', 'update') === 'all') return all;
  const kinds: string[] = [];
  const values: string[] = [];
  const keysOf = rows.map((row) =>
    Object.entries(row.identifiers).flatMap(([key, raw]) => {
      const kind = key === 'externalId' ? 'external' : key === 'deviceId' ? 'device' : key;
      const n = normaliseIdentity(kind as 'email', raw as string, region);
      if (!n.ok) return [];
      kinds.push(n.identity.kind);
      values.push(n.identity.value);
      return [`${n.identity.kind}:${n.identity.value}`];
    }),
  );
  const { rows: owners } = await sql<{ key: string; owner_id: string | null; team_id: string | null }>`
    select i.kind || ':' || i.value as key, p.owner_id, p.team_id
    from identities i
    join unnest(${arrayParam(kinds, 'text')}, ${arrayParam(values, 'text')}) as w(kind, value) on i.kind = w.kind and i.value = w.value
    join people p on p.workspace_id = i.workspace_id and p.id = i.person_id
    where i.workspace_id = ${opaqueUuid(actor.workspaceId)}`.execute(trx);
  const foreign = new Set(
    owners
      .filter((o) => !isAllowed(actor, 'people', 'update', { ownerId: o.owner_id, ownerTeamId: o.team_id }))
      .map((o) => o.key),
  );
  if (foreign.size === 0) return all;
  return all.filter((i) => {
    const hit = keysOf[i]?.find((k) => foreign.has(k));
    if (hit === undefined) return true;
    rejected.push({
      index: i,
      field: 'identifiers',
      reason: `${hit.slice(0, hit.indexOf(':'))} belongs to a person your role (${actor.roleName}) may not update`,
    });
    return false;
  });
}

/** The fields an import writes, as audited (column names). */
const AUDITED = [
  'given_name',
  'family_name',
  'display_name',
  'birthday',
  'language',
  'notes',
  'lifecycle_stage',
  'address',
] as const;
type Audited = Record<`${'old' | 'new'}_${(typeof AUDITED)[number]}`, unknown>;

/**
 * One UPDATE for the people the chunk found (cells left empty keep their value), then the lifecycle
 * changes, and an `update` audit entry per person with the fields that changed.
 */
async function updatePeople(trx: Tx, actor: Principal, merged: Map<string, PersonRow>): Promise<void> {
  const people = [...merged].filter(([, r]) => hasFields(r));
  if (people.length === 0) return;
  const col = <T>(f: (r: PersonRow) => T, type: string) =>
    arrayParam(
      people.map(([, r]) => f(r)),
      type,
    );
  const { rows: changed } = await sql<{ id: string } & Audited>`
    update people p set
      given_name = coalesce(u.given_name, p.given_name),
      family_name = coalesce(u.family_name, p.family_name),
      display_name = coalesce(u.display_name,
        case when u.given_name is not null or u.family_name is not null then
          trim(concat_ws(' ', coalesce(u.given_name, p.given_name), coalesce(u.family_name, p.family_name))) end,
        p.display_name),
      birthday = coalesce(u.birthday, p.birthday),
      language = coalesce(u.language, p.language),
      notes = coalesce(u.notes, p.notes),
      lifecycle_stage = coalesce(u.stage, p.lifecycle_stage),
      address = case when u.address is null then p.address else coalesce(p.address, '{}'::jsonb) || u.address end,
      updated_at = now()
    from unnest(${arrayParam(
      people.map(([id]) => id),
      'uuid',
    )}, ${col((r) => r.firstName, 'text')}, ${col((r) => r.lastName, 'text')},
        ${col((r) => r.displayName, 'text')}, ${col((r) => r.birthday, 'date')}, ${col((r) => r.language, 'text')},
        ${col((r) => r.notes, 'text')}, ${col((r) => r.lifecycleStage, 'text')},
        ${col((r) => (r.address ? JSON.stringify(r.address) : null), 'jsonb')})
      as u(id, given_name, family_name, display_name, birthday, language, notes, stage, address)
    join people prior on prior.workspace_id = ${actor.workspaceId} and prior.id = u.id
    where p.workspace_id = ${actor.workspaceId} and p.id = u.id
    returning p.id, ${sql.join(
      AUDITED.flatMap((c) => [
        sql`${sql.ref(`prior.${c}`)} as ${sql.ref(`old_${c}`)}`,
        sql`${sql.ref(`p.${c}`)} as ${sql.ref(`new_${c}`)}`,
      ]),
    )}`.execute(trx);
  const by = actor.via === 'system' ? null : actor.userId;
  const moved = changed.filter((c) => c.old_lifecycle_stage !== c.new_lifecycle_stage);
  if (moved.length > 0)
    await unnestInsert(
      'lifecycle_changes',
      [
        ['workspace_id', 'uuid'],
        ['person_id', 'uuid'],
        ['from_stage', 'text'],
        ['to_stage', 'text'],
        ['changed_by', 'uuid'],
      ],
      moved.map((c) => [actor.workspaceId, c.id, c.old_lifecycle_stage, c.new_lifecycle_stage, by]),
    ).execute(trx);
  await recordAuditBatch(
    trx,
    actor,
    changed.map((c) => ({
      action: 'update',
      objectType: 'people',
      objectId: c.id,
      before: Object.fromEntries(AUDITED.map((f) => [f, c[`old_${f}`]])),
      after: Object.fromEntries(AUDITED.map((f) => [f, c[`new_${f}`]])),
    })),
  );
}

function hasFields(r: PersonRow): boolean {
  return (
    r.firstName !== null ||
    r.lastName !== null ||
    r.displayName !== null ||
    r.birthday !== null ||
    r.language !== null ||
    r.notes !== null ||
    r.lifecycleStage !== null ||
    r.address !== null
  );
}
