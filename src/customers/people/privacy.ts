import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import type { PersonTraces } from '../../platform/index';

/** What an erased person is called from then on. */
export const ERASED_NAME = 'Erased person';

/** Shorter identifiers are too common to find a person by in free text (a handle "ann"). */
const MIN_TRACE_LENGTH = 6;
const MIN_DIGITS = 7;

/** Every column of the person's row, as stored (a subject access export), or undefined. */
export async function readPersonRecord(
  trx: Tx,
  workspaceId: string,
  personId: string,
): Promise<Record<string, unknown> | undefined> {
  const { rows } = await sql<Record<string, unknown>>`
    select * from people where workspace_id = ${workspaceId} and id = ${personId}`.execute(trx);
  return rows[0];
}

/** Locks the person for an erasure; their owner and team (for the caller's rights), or undefined. */
export async function lockPersonForErasure(
  trx: Tx,
  workspaceId: string,
  personId: string,
): Promise<{ ownerId: string | null; ownerTeamId: string | null } | undefined> {
  const { rows } = await sql<{ owner_id: string | null; team_id: string | null }>`
    select owner_id, team_id from people where workspace_id = ${workspaceId} and id = ${personId}
    for update`.execute(trx);
  const row = rows[0];
  return row && { ownerId: row.owner_id, ownerTeamId: row.team_id };
}

export interface ProfileErasure {
  /** The person's id and identifiers as they were: what the other slices find the person's data by. */
  traces: PersonTraces;
  identitiesDeleted: number;
}

/**
 * The customers slice's part of a privacy erasure, in the caller's transaction: the profile's
 * personal fields (the name becomes ERASED_NAME; its words leave the search vocabulary and its
 * typed attribute copies go, by the tables' triggers), identities, labels, the role at their
 * companies, how consent was proven (the consent itself stays as proof), candidate pairs with other
 * people (their reasons quote both), and the tombstones that led old ids to the person. The person's
 * row stays, nameless, for the orders and figures that refer to it.
 */
export async function erasePersonProfile(
  trx: Tx,
  workspaceId: string,
  personId: string,
): Promise<ProfileErasure> {
  const { rows: identities } = await sql<{ kind: string; value: string; raw: string | null }>`
    delete from identities where workspace_id = ${workspaceId} and person_id = ${personId}
    returning kind, value, raw`.execute(trx);
  await sql`
    update people set given_name = null, family_name = null, display_name = ${ERASED_NAME}, birthday = null,
      address = null, language = null, notes = null, attributes = '{}'::jsonb, account_id = null,
      account_role = null, updated_at = now()
    where workspace_id = ${workspaceId} and id = ${personId}`.execute(trx);
  // Consent history is append-only but for this (customers/functions/rapport_consent_is_append_only.sql): the proof cleared, for this person.
  await sql`select set_config('rapport.erasing_person', ${personId}, true)`.execute(trx);
  await sql`update consent_events set proof = null
    where workspace_id = ${workspaceId} and person_id = ${personId} and proof is not null`.execute(trx);
  await sql`update account_members set role = null
    where workspace_id = ${workspaceId} and person_id = ${personId} and role is not null`.execute(trx);
  await sql`delete from person_tags where workspace_id = ${workspaceId} and person_id = ${personId}`.execute(
    trx,
  );
  await sql`delete from merge_candidates
    where workspace_id = ${workspaceId} and (person_a = ${personId} or person_b = ${personId})`.execute(trx);
  await sql`delete from person_tombstones where workspace_id = ${workspaceId} and survivor_id = ${personId}`.execute(
    trx,
  );
  return { traces: tracesOf(personId, identities), identitiesDeleted: identities.length };
}

function tracesOf(
  personId: string,
  identities: { kind: string; value: string; raw: string | null }[],
): PersonTraces {
  const texts = new Set<string>();
  const digits = new Set<string>();
  for (const { kind, value, raw } of identities) {
    if (kind === 'phone') {
      const national = parsePhoneNumberFromString(value)?.nationalNumber ?? value.replace(/\D/g, '');
      if (national.length >= MIN_DIGITS) digits.add(national);
      continue;
    }
    for (const text of [value, raw, kind === 'external' ? value.slice(value.indexOf(':') + 1) : null]) {
      const t = text?.trim().toLowerCase();
      if (t && t.length >= MIN_TRACE_LENGTH) texts.add(t);
    }
  }
  return { personId, texts: [...texts], digits: [...digits] };
}
