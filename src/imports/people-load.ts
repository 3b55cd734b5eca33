import { sql } from 'kysely';
import { type Identifiers, normaliseIdentity, resolveIdentifiers } from '../customers/index';
import type { Tx } from '../db/tenant';
import { arrayParam } from '../db/array-param';
import { unnestInsert } from '../db/unnest';
import { authorize, isAllowed, levelFor, type Principal } from '../platform/permissions';
import type { ChunkContext, ChunkResult, ImportKind, LoadRejection } from './kind';
import { PEOPLE_KEYS, type PersonRow, peopleReader } from './people-rows';

/**
 * People files: each line is upserted by identity. Its identifiers go through `resolveIdentifiers`
 * with the rest of the chunk: a line whose email, phone or external id is known updates that person
 * (and adds its new identifiers); otherwise a person is created. Non-empty cells then overwrite the
 * person's fields (empty cells keep what is there); a lifecycle change is recorded as such.
 */
export const peopleImport: ImportKind<PersonRow> = {
  name: 'people',
  keys: PEOPLE_KEYS,
  countNames: ['created', 'updated', 'rejected'],
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
  const live = await refuseForeignPeople(trx, actor, rows, ctx.region, rejected);
  const outcomes = await resolveIdentifiers(
    trx,
    actor,
    ctx.region,
    live.map((i): Identifiers => {
      const row = rows[i] as PersonRow;
      return row.name === undefined ? row.identifiers : { ...row.identifiers, name: row.name };
    }),
  );
  const counts = { created: 0, updated: 0, rejected: 0 };
  // The fields each person ends with: later lines of the chunk win, cell by cell.
  const merged = new Map<string, PersonRow>();
  outcomes.forEach((outcome, n) => {
    const i = live[n] as number;
    if (!outcome.ok) {
      rejected.push({ index: i, field: outcome.field, reason: outcome.reason });
      return;
    }
    const { personId, created } = outcome.resolution;
    if (created) counts.created++;
    else counts.updated++;
    const row = rows[i] as PersonRow;
    const before = merged.get(personId);
    merged.set(personId, before ? mergeRows(before, row) : row);
  });
  counts.rejected = rejected.length;
  await updatePeople(trx, actor, merged);
  return { counts, rejected };
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
    join unnest(${kinds}::text[], ${values}::text[]) as w(kind, value) on i.kind = w.kind and i.value = w.value
    join people p on p.workspace_id = i.workspace_id and p.id = i.person_id
    where i.workspace_id = ${actor.workspaceId}`.execute(trx);
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

/** One UPDATE for the chunk (cells left empty keep their value), then the lifecycle changes. */
async function updatePeople(trx: Tx, actor: Principal, merged: Map<string, PersonRow>): Promise<void> {
  const people = [...merged].filter(([, r]) => hasFields(r));
  if (people.length === 0) return;
  const col = <T>(f: (r: PersonRow) => T) => people.map(([, r]) => f(r));
  const { rows: changed } = await sql<{ id: string; from_stage: string; to_stage: string }>`
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
    )}, ${arrayParam(
      col((r) => r.firstName),
      'text',
    )},
        ${arrayParam(
          col((r) => r.lastName),
          'text',
        )}, ${arrayParam(
          col((r) => r.displayName),
          'text',
        )},
        ${arrayParam(
          col((r) => r.birthday),
          'date',
        )}, ${arrayParam(
          col((r) => r.language),
          'text',
        )}, ${arrayParam(
          col((r) => r.notes),
          'text',
        )},
        ${arrayParam(
          col((r) => r.lifecycleStage),
          'text',
        )}, ${arrayParam(
          col((r) => (r.address ? JSON.stringify(r.address) : null)),
          'jsonb',
        )})
      as u(id, given_name, family_name, display_name, birthday, language, notes, stage, address)
    join people prior on prior.workspace_id = ${actor.workspaceId} and prior.id = u.id
    where p.workspace_id = ${actor.workspaceId} and p.id = u.id
    returning p.id, prior.lifecycle_stage as from_stage, p.lifecycle_stage as to_stage`.execute(trx);
  const moved = changed.filter((c) => c.from_stage !== c.to_stage);
  if (moved.length === 0) return;
  const by = actor.via === 'system' ? null : actor.userId;
  await unnestInsert(
    'lifecycle_changes',
    [
      ['workspace_id', 'uuid'],
      ['person_id', 'uuid'],
      ['from_stage', 'text'],
      ['to_stage', 'text'],
      ['changed_by', 'uuid'],
    ],
    moved.map((c) => [actor.workspaceId, c.id, c.from_stage, c.to_stage, by]),
  ).execute(trx);
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
