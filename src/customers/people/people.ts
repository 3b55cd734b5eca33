import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { recordAudit } from '../../platform/index';
import { AppError, conflict, invalid } from '../../platform/index';
import { authorize, type Principal } from '../../platform/index';
import { workspaceRegion } from '../../platform/index';
import { loadPersonAccounts, type PersonAccount } from '../accounts/accounts-members';
import { loadAttributeRules } from '../attributes/attributes';
import { checkAttributes } from '../attributes/attributes-values';
import { type IdentityKind, type NormalisedIdentity, normaliseIdentity } from '../identity/identities';
import {
  auditablePerson,
  loadIdentities,
  loadPersonRow,
  type Person,
  type PersonRow,
  toPerson,
} from './person-view';
import { type Address, customers, type LifecycleStage } from '../tables';

export interface PersonFields {
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string;
  birthday?: string | null;
  address?: Address | null;
  language?: string | null;
  notes?: string | null;
  ownerId?: string | null;
  teamId?: string | null;
  lifecycleStage?: LifecycleStage;
  attributes?: Record<string, unknown>;
}

export interface IdentityInput {
  kind: IdentityKind;
  value: string;
}

export interface CreatePersonInput extends PersonFields {
  identities?: IdentityInput[];
  emails?: string[];
  phones?: string[];
  /** `source:id`, e.g. `shop:123`. */
  externalIds?: string[];
  /** Region to read national phone numbers in; the workspace default when absent. */
  country?: string;
}

/** Every identifier given for a new person, with the request field it came from. */
function identifiersOf(input: CreatePersonInput): { kind: IdentityKind; value: string; field: string }[] {
  return [
    ...(input.identities ?? []).map((i, n) => ({ ...i, field: `identities.${n}.value` })),
    ...(input.emails ?? []).map((value, n) => ({ kind: 'email' as const, value, field: `emails.${n}` })),
    ...(input.phones ?? []).map((value, n) => ({ kind: 'phone' as const, value, field: `phones.${n}` })),
    ...(input.externalIds ?? []).map((value, n) => ({
      kind: 'external' as const,
      value,
      field: `externalIds.${n}`,
    })),
  ];
}

const ownership = (row: PersonRow) => ({ ownerId: row.owner_id, ownerTeamId: row.team_id });

export async function createPerson(db: Db, actor: Principal, input: CreatePersonInput): Promise<Person> {
  authorize(actor, 'people', 'create');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const region = input.country ?? (await workspaceRegion(trx, actor.workspaceId));
    const given = identifiersOf(input);
    const identities = given.map((raw) => normaliseOrThrow(raw, region, raw.field));
    const displayName = displayNameOf(input, identities);
    const attributes = checkAttributes(
      await loadAttributeRules(trx, actor.workspaceId, 'people'),
      input.attributes,
      null,
    );
    await assertIdentitiesFree(
      trx,
      actor.workspaceId,
      identities,
      null,
      given.map((g) => g.field),
    );
    const row = await customers(trx)
      .insertInto('people')
      .values({
        workspace_id: actor.workspaceId,
        given_name: input.firstName ?? null,
        family_name: input.lastName ?? null,
        display_name: displayName,
        birthday: input.birthday ?? null,
        address: JSON.stringify(input.address ?? null),
        language: input.language ?? null,
        notes: input.notes ?? null,
        owner_id:
          input.ownerId === undefined ? (actor.via === 'system' ? null : actor.userId) : input.ownerId,
        team_id: input.teamId === undefined ? actor.teamId : input.teamId,
        lifecycle_stage: input.lifecycleStage ?? 'awareness',
        attributes: JSON.stringify(attributes),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertIdentities(trx, actor.workspaceId, row.id, identities);
    await customers(trx)
      .insertInto('lifecycle_changes')
      .values({
        workspace_id: actor.workspaceId,
        person_id: row.id,
        from_stage: null,
        to_stage: row.lifecycle_stage,
        changed_by: actor.via === 'system' ? null : actor.userId,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'people',
      objectId: row.id,
      after: { ...auditablePerson(row), identities: identities.map((i) => `${i.kind}:${i.value}`) },
    });
    return toPerson(row, (await loadIdentities(trx, actor.workspaceId, [row.id])).get(row.id) ?? []);
  });
}

/** A person with the accounts they belong to (those the caller may read), primary first. */
export async function getPerson(
  db: Db,
  actor: Principal,
  personId: string,
): Promise<Person & { accounts: PersonAccount[] }> {
  authorize(actor, 'people', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const row = await loadPersonRow(trx, actor.workspaceId, personId);
    authorizeRecord(actor, 'read', row);
    const identities = (await loadIdentities(trx, actor.workspaceId, [row.id])).get(row.id) ?? [];
    return { ...toPerson(row, identities), accounts: await loadPersonAccounts(trx, actor, row) };
  });
}

export async function updatePerson(
  db: Db,
  actor: Principal,
  personId: string,
  input: PersonFields,
): Promise<Person> {
  authorize(actor, 'people', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const before = await loadPersonRow(trx, actor.workspaceId, personId);
    authorizeRecord(actor, 'update', before);
    if (input.displayName !== undefined && !input.displayName.trim())
      throw invalid('displayName', 'must not be empty');
    const attributes =
      input.attributes === undefined
        ? undefined
        : checkAttributes(
            await loadAttributeRules(trx, actor.workspaceId, 'people'),
            input.attributes,
            before.attributes,
          );
    const after = await customers(trx)
      .updateTable('people')
      .set({
        ...(input.firstName !== undefined && { given_name: input.firstName }),
        ...(input.lastName !== undefined && { family_name: input.lastName }),
        ...(input.displayName !== undefined && { display_name: input.displayName.trim() }),
        ...(input.birthday !== undefined && { birthday: input.birthday }),
        ...(input.address !== undefined && { address: JSON.stringify(input.address) }),
        ...(input.language !== undefined && { language: input.language }),
        ...(input.notes !== undefined && { notes: input.notes }),
        ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
        ...(input.teamId !== undefined && { team_id: input.teamId }),
        ...(input.lifecycleStage !== undefined && { lifecycle_stage: input.lifecycleStage }),
        ...(attributes !== undefined && { attributes: JSON.stringify(attributes) }),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', personId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (after.lifecycle_stage !== before.lifecycle_stage) {
      await customers(trx)
        .insertInto('lifecycle_changes')
        .values({
          workspace_id: actor.workspaceId,
          person_id: personId,
          from_stage: before.lifecycle_stage,
          to_stage: after.lifecycle_stage,
          changed_by: actor.via === 'system' ? null : actor.userId,
        })
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'people',
      objectId: personId,
      before: auditablePerson(before),
      after: auditablePerson(after),
    });
    return toPerson(after, (await loadIdentities(trx, actor.workspaceId, [personId])).get(personId) ?? []);
  });
}

export async function addIdentity(
  db: Db,
  actor: Principal,
  personId: string,
  input: IdentityInput,
): Promise<Person> {
  authorize(actor, 'people', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const row = await loadPersonRow(trx, actor.workspaceId, personId);
    authorizeRecord(actor, 'update', row);
    const identity = normaliseOrThrow(input, await workspaceRegion(trx, actor.workspaceId), 'value');
    await assertIdentitiesFree(trx, actor.workspaceId, [identity], personId);
    await insertIdentities(trx, actor.workspaceId, personId, [identity]);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'people',
      objectId: personId,
      before: { identity: null },
      after: { identity: `${identity.kind}:${identity.value}` },
    });
    return toPerson(row, (await loadIdentities(trx, actor.workspaceId, [personId])).get(personId) ?? []);
  });
}

export async function removeIdentity(
  db: Db,
  actor: Principal,
  personId: string,
  identityId: string,
): Promise<void> {
  authorize(actor, 'people', 'update');
  await withTenant(db, actor.workspaceId, async (trx) => {
    const row = await loadPersonRow(trx, actor.workspaceId, personId);
    authorizeRecord(actor, 'update', row);
    const removed = await customers(trx)
      .deleteFrom('identities')
      .where('workspace_id', '=', actor.workspaceId)
      .where('person_id', '=', personId)
      .where('id', '=', identityId)
      .returning(['kind', 'value'])
      .executeTakeFirst();
    if (!removed) throw new AppError('not_found', 'Identity not found');
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'people',
      objectId: personId,
      before: { identity: `${removed.kind}:${removed.value}` },
      after: { identity: null },
    });
  });
}

function authorizeRecord(actor: Principal, action: 'read' | 'update' | 'delete', row: PersonRow): void {
  authorize(actor, 'people', action, ownership(row));
}

function normaliseOrThrow(input: IdentityInput, region: string, field: string): NormalisedIdentity {
  const result = normaliseIdentity(input.kind, input.value, region);
  if (!result.ok) throw invalid(field, `${input.kind} ${result.reason}`);
  return result.identity;
}

function displayNameOf(input: PersonFields, identities: NormalisedIdentity[]): string {
  const fromParts = [input.firstName, input.lastName].filter(Boolean).join(' ').trim();
  const name = input.displayName?.trim() || fromParts || identities[0]?.raw.trim();
  if (!name) throw invalid('displayName', 'a person needs a name or at least one identity');
  return name;
}

/** An exact identifier belongs to at most one person in a workspace. */
async function assertIdentitiesFree(
  trx: Tx,
  workspaceId: string,
  identities: NormalisedIdentity[],
  personId: string | null,
  fields: string[] = identities.map(() => 'value'),
): Promise<void> {
  for (const [i, identity] of identities.entries()) {
    const owner = await customers(trx)
      .selectFrom('identities')
      .select('person_id')
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', identity.kind)
      .where('value', '=', identity.value)
      .executeTakeFirst();
    if (owner && owner.person_id !== personId) {
      throw conflict(
        `${identity.kind} ${identity.value} already belongs to person ${owner.person_id}`,
        fields[i] ?? 'value',
      );
    }
    if (identities.findIndex((o) => o.kind === identity.kind && o.value === identity.value) !== i) {
      throw invalid(fields[i] ?? 'value', `${identity.kind} ${identity.value} is given twice`);
    }
  }
}

async function insertIdentities(
  trx: Tx,
  workspaceId: string,
  personId: string,
  identities: NormalisedIdentity[],
) {
  if (identities.length === 0) return;
  await customers(trx)
    .insertInto('identities')
    .values(identities.map((i) => ({ workspace_id: workspaceId, person_id: personId, ...i })))
    .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'value']).doNothing())
    .execute();
}
