import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { recordAudit } from '../../platform/index';
import { AppError, conflict, invalid, notFound, parseTime } from '../../platform/index';
import { authorize, levelFor, type Principal } from '../../platform/index';
import { readableBy } from '../read-scope';
import { loadAccountRow, ownership } from './accounts';
import { loadPersonRow, type PersonRow } from '../people/person-view';
import { customers, type LifecycleStage } from '../tables';

/** A person's place in an account. */
export interface Membership {
  accountId: string;
  personId: string;
  role: string | null;
  since: string;
}

/** A member as the account's member list shows them. */
export interface Member extends Membership {
  displayName: string;
  lifecycleStage: LifecycleStage;
}

/** An account as a person's profile lists it; `primary` is the one the 360 shows first. */
export interface PersonAccount extends Membership {
  name: string;
  domain: string | null;
  primary: boolean;
}

export interface MemberInput {
  personId: string;
  role?: string | null;
  /** When the person joined; now when absent. */
  since?: string;
}

const personOwnership = (row: PersonRow) => ({ ownerId: row.owner_id, ownerTeamId: row.team_id });

/**
 * Adds a person to an account with a role. Needs accounts update on the account and people read on
 * the person. The first account a person joins becomes their primary account.
 */
export async function addMember(
  db: Db,
  actor: Principal,
  accountId: string,
  input: MemberInput,
): Promise<Membership> {
  authorize(actor, 'accounts', 'update');
  authorize(actor, 'people', 'read');
  const role = checkRole(input.role);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const account = await loadAccountRow(trx, ws, accountId);
    authorize(actor, 'accounts', 'update', ownership(account));
    const person = await loadPersonRow(trx, ws, input.personId).catch(() => {
      throw new AppError('not_found', 'Person not found', 'personId');
    });
    authorize(actor, 'people', 'read', personOwnership(person));
    const row = await customers(trx)
      .insertInto('account_members')
      .values({
        workspace_id: ws,
        account_id: accountId,
        person_id: person.id,
        role,
        ...(input.since !== undefined && { since: input.since }),
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'account_id', 'person_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw conflict(`Person ${person.id} is already a member of this account`, 'personId');
    if (person.account_id === null) await setPrimary(trx, actor, person, accountId, role);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'accounts',
      objectId: accountId,
      before: { member: null },
      after: { member: { personId: person.id, role, since: row.since } },
    });
    return toMembership(row);
  });
}

/** Changes a member's role or since; the person's primary-account role follows. */
export async function updateMember(
  db: Db,
  actor: Principal,
  accountId: string,
  personId: string,
  input: { role?: string | null; since?: string },
): Promise<Membership> {
  authorize(actor, 'accounts', 'update');
  const role = input.role === undefined ? undefined : checkRole(input.role);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    authorize(actor, 'accounts', 'update', ownership(await loadAccountRow(trx, ws, accountId)));
    const before = await loadMembership(trx, ws, accountId, personId);
    const after = await customers(trx)
      .updateTable('account_members')
      .set({ ...(role !== undefined && { role }), ...(input.since !== undefined && { since: input.since }) })
      .where('workspace_id', '=', ws)
      .where('account_id', '=', accountId)
      .where('person_id', '=', personId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (role !== undefined) {
      await customers(trx)
        .updateTable('people')
        .set({ account_role: role })
        .where('workspace_id', '=', ws)
        .where('id', '=', personId)
        .where('account_id', '=', accountId)
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'accounts',
      objectId: accountId,
      before: { member: { personId, role: before.role, since: before.since } },
      after: { member: { personId, role: after.role, since: after.since } },
    });
    return toMembership(after);
  });
}

/** Takes a person out of an account; if it was their primary account, the next one they joined takes its place. */
export async function removeMember(
  db: Db,
  actor: Principal,
  accountId: string,
  personId: string,
): Promise<void> {
  authorize(actor, 'accounts', 'update');
  await withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    authorize(actor, 'accounts', 'update', ownership(await loadAccountRow(trx, ws, accountId)));
    const before = await loadMembership(trx, ws, accountId, personId);
    await customers(trx)
      .deleteFrom('account_members')
      .where('workspace_id', '=', ws)
      .where('account_id', '=', accountId)
      .where('person_id', '=', personId)
      .execute();
    const person = await loadPersonRow(trx, ws, personId);
    if (person.account_id === accountId) {
      const next = await customers(trx)
        .selectFrom('account_members')
        .select(['account_id', 'role'])
        .where('workspace_id', '=', ws)
        .where('person_id', '=', personId)
        .orderBy('since')
        .orderBy('account_id')
        .executeTakeFirst();
      await setPrimary(trx, actor, person, next?.account_id ?? null, next?.role ?? null);
    }
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'accounts',
      objectId: accountId,
      before: { member: { personId, role: before.role, since: before.since } },
      after: { member: null },
    });
  });
}

/** The people of an account in the order they joined, a page at a time, within the caller's people read level. */
export async function listMembers(
  db: Db,
  actor: Principal,
  accountId: string,
  query: { cursor?: string; limit?: number },
): Promise<{ items: Member[]; nextCursor: string | null }> {
  authorize(actor, 'accounts', 'read');
  authorize(actor, 'people', 'read');
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    authorize(actor, 'accounts', 'read', ownership(await loadAccountRow(trx, ws, accountId)));
    let q = customers(trx)
      .selectFrom('account_members as m')
      .innerJoin('people as p', (j) =>
        j.onRef('p.workspace_id', '=', 'm.workspace_id').onRef('p.id', '=', 'm.person_id'),
      )
      .select(['m.account_id', 'm.person_id', 'm.role', 'm.since', 'p.display_name', 'p.lifecycle_stage'])
      .select(
        sql<string>`to_char(m.since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'),
      )
      .where('m.workspace_id', '=', ws)
      .where('m.account_id', '=', accountId);
    q = q.where(readableBy(actor, 'people', 'p'));
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('m.since', '>', sql<Date>`${after.since}::timestamptz`),
          eb.and([
            eb('m.since', '=', sql<Date>`${after.since}::timestamptz`),
            eb('m.person_id', '>', after.id),
          ]),
        ]),
      );
    }
    const rows = await q
      .orderBy('m.since')
      .orderBy('m.person_id')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        ...toMembership(r),
        displayName: r.display_name,
        lifecycleStage: r.lifecycle_stage,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_at, last.person_id) : null,
    };
  });
}

/** The accounts a person belongs to, primary first, within the caller's accounts read level. */
export async function loadPersonAccounts(
  trx: Tx,
  actor: Principal,
  person: PersonRow,
): Promise<PersonAccount[]> {
  const level = levelFor(actor, 'accounts', 'read');
  if (level === 'none') return [];
  let q = customers(trx)
    .selectFrom('account_members as m')
    .innerJoin('accounts as a', (j) =>
      j.onRef('a.workspace_id', '=', 'm.workspace_id').onRef('a.id', '=', 'm.account_id'),
    )
    .select(['m.account_id', 'm.person_id', 'm.role', 'm.since', 'a.name', 'a.domain'])
    .where('m.workspace_id', '=', actor.workspaceId)
    .where('m.person_id', '=', person.id);
  q = q.where(readableBy(actor, 'accounts', 'a'));
  const rows = await q.orderBy('m.since').orderBy('m.account_id').execute();
  return rows
    .map((r) => ({
      ...toMembership(r),
      name: r.name,
      domain: r.domain,
      primary: r.account_id === person.account_id,
    }))
    .sort((a, b) => Number(b.primary) - Number(a.primary));
}

async function setPrimary(
  trx: Tx,
  actor: Principal,
  person: PersonRow,
  accountId: string | null,
  role: string | null,
) {
  await customers(trx)
    .updateTable('people')
    .set({ account_id: accountId, account_role: role, updated_at: new Date() })
    .where('workspace_id', '=', actor.workspaceId)
    .where('id', '=', person.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'update',
    objectType: 'people',
    objectId: person.id,
    before: { account_id: person.account_id, account_role: person.account_role },
    after: { account_id: accountId, account_role: role },
  });
}

function loadMembership(trx: Tx, ws: string, accountId: string, personId: string) {
  return customers(trx)
    .selectFrom('account_members')
    .selectAll()
    .where('workspace_id', '=', ws)
    .where('account_id', '=', accountId)
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow(() => notFound('Membership'));
}

function checkRole(role: string | null | undefined): string | null {
  if (role === undefined || role === null) return null;
  const trimmed = role.trim();
  if (!trimmed) throw invalid('role', 'must not be empty (send null for no role)');
  return trimmed;
}

function toMembership(row: {
  account_id: string;
  person_id: string;
  role: string | null;
  since: Date | string;
}): Membership {
  return {
    accountId: row.account_id,
    personId: row.person_id,
    role: row.role,
    since: new Date(row.since).toISOString(),
  };
}

function encodeCursor(since: string, id: string): string {
  return Buffer.from(`${since}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { since: string; id: string } {
  const [since, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!since || !id || !parseTime(since) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw invalid('cursor', 'is not a cursor from a previous page');
  }
  return { since, id };
}
