import type { Tx } from '../../db/index';
import { notFound } from '../../platform/index';
import { type Address, customers, type LifecycleStage } from '../tables';
import type { IdentityKind } from '../identity/identities';

export interface Identity {
  id: string;
  kind: IdentityKind;
  value: string;
  raw: string | null;
  source: string | null;
}

export interface Person {
  id: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  birthday: string | null;
  address: Address | null;
  language: string | null;
  notes: string | null;
  ownerId: string | null;
  teamId: string | null;
  lifecycleStage: LifecycleStage;
  accountId: string | null;
  attributes: Record<string, unknown>;
  identities: Identity[];
  createdAt: string;
  updatedAt: string;
}

export async function loadPersonRow(trx: Tx, workspaceId: string, personId: string) {
  return customers(trx)
    .selectFrom('people')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', personId)
    .executeTakeFirstOrThrow(() => notFound('Person'));
}

export type PersonRow = Awaited<ReturnType<typeof loadPersonRow>>;

export async function loadIdentities(
  trx: Tx,
  workspaceId: string,
  personIds: string[],
): Promise<Map<string, Identity[]>> {
  const byPerson = new Map<string, Identity[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return byPerson;
  const rows = await customers(trx)
    .selectFrom('identities')
    .select(['id', 'person_id', 'kind', 'value', 'raw', 'source'])
    .where('workspace_id', '=', workspaceId)
    .where('person_id', 'in', personIds)
    .orderBy('kind')
    .orderBy('created_at')
    .execute();
  for (const r of rows)
    byPerson.get(r.person_id)?.push({ id: r.id, kind: r.kind, value: r.value, raw: r.raw, source: r.source });
  return byPerson;
}

export function toPerson(row: PersonRow, identities: Identity[]): Person {
  return {
    id: row.id,
    firstName: row.given_name,
    lastName: row.family_name,
    displayName: row.display_name,
    birthday: row.birthday,
    address: row.address as Address | null,
    language: row.language,
    notes: row.notes,
    ownerId: row.owner_id,
    teamId: row.team_id,
    lifecycleStage: row.lifecycle_stage,
    accountId: row.account_id,
    attributes: row.attributes,
    identities,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The fields of a person as the audit log records them. */
export function auditablePerson(row: PersonRow): Record<string, unknown> {
  const { workspace_id: _w, id: _i, name_key: _n, created_at: _c, updated_at: _u, ...fields } = row;
  return fields;
}
