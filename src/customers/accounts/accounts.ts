import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { recordAudit } from '../../platform/index';
import { conflict, invalid, notFound } from '../../platform/index';
import { authorize, type Principal } from '../../platform/index';
import { loadAttributeRules } from '../attributes/attributes';
import { checkAttributes } from '../attributes/attributes-values';
import { customers } from '../tables';

export interface AccountFields {
  name?: string;
  domain?: string | null;
  industry?: string | null;
  size?: string | null;
  ownerId?: string | null;
  teamId?: string | null;
  /** Custom attributes, checked against the workspace's definitions; null removes one. */
  attributes?: Record<string, unknown>;
}

export interface CreateAccountInput extends AccountFields {
  name: string;
}

export interface Account {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  ownerId: string | null;
  teamId: string | null;
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export async function createAccount(db: Db, actor: Principal, input: CreateAccountInput): Promise<Account> {
  authorize(actor, 'accounts', 'create');
  const name = checkName(input.name);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const rules = await loadAttributeRules(trx, ws, 'accounts');
    const attributes = checkAttributes(rules, input.attributes, null);
    const ownerId =
      input.ownerId === undefined ? (actor.via === 'system' ? null : actor.userId) : input.ownerId;
    const teamId = input.teamId === undefined ? actor.teamId : input.teamId;
    await checkOwnerAndTeam(trx, ws, ownerId, teamId);
    const row = await customers(trx)
      .insertInto('accounts')
      .values({
        workspace_id: ws,
        name,
        domain: normaliseDomain(input.domain),
        industry: input.industry ?? null,
        size: input.size ?? null,
        owner_id: ownerId,
        team_id: teamId,
        attributes: JSON.stringify(attributes),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'accounts',
      objectId: row.id,
      after: auditable(row),
    });
    return toAccount(row);
  });
}

export async function getAccount(db: Db, actor: Principal, accountId: string): Promise<Account> {
  authorize(actor, 'accounts', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const row = await loadAccountRow(trx, actor.workspaceId, accountId);
    authorize(actor, 'accounts', 'read', ownership(row));
    return toAccount(row);
  });
}

export async function updateAccount(
  db: Db,
  actor: Principal,
  accountId: string,
  input: AccountFields,
): Promise<Account> {
  authorize(actor, 'accounts', 'update');
  const name = input.name === undefined ? undefined : checkName(input.name);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const before = await loadAccountRow(trx, ws, accountId);
    authorize(actor, 'accounts', 'update', ownership(before));
    const attributes =
      input.attributes === undefined
        ? undefined
        : checkAttributes(await loadAttributeRules(trx, ws, 'accounts'), input.attributes, before.attributes);
    await checkOwnerAndTeam(trx, ws, input.ownerId ?? null, input.teamId ?? null);
    const after = await customers(trx)
      .updateTable('accounts')
      .set({
        ...(name !== undefined && { name }),
        ...(input.domain !== undefined && { domain: normaliseDomain(input.domain) }),
        ...(input.industry !== undefined && { industry: input.industry }),
        ...(input.size !== undefined && { size: input.size }),
        ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
        ...(input.teamId !== undefined && { team_id: input.teamId }),
        ...(attributes !== undefined && { attributes: JSON.stringify(attributes) }),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', ws)
      .where('id', '=', accountId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'accounts',
      objectId: accountId,
      before: auditable(before),
      after: auditable(after),
    });
    return toAccount(after);
  });
}

/**
 * Deletes an account and its memberships; people whose primary account it was get their next
 * account (the one they joined first) or none. Records of other slices that refer to the account
 * (tasks...) keep it: the delete is then a 409.
 */
export async function deleteAccount(db: Db, actor: Principal, accountId: string): Promise<void> {
  authorize(actor, 'accounts', 'delete');
  await withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const before = await loadAccountRow(trx, ws, accountId);
    authorize(actor, 'accounts', 'delete', ownership(before));
    const { rows: moved } = await sql<{ id: string }>`
      update people p set account_id = n.account_id, account_role = n.role, updated_at = now()
      from people o
      left join lateral (select m.account_id, m.role from account_members m
                         where m.workspace_id = o.workspace_id and m.person_id = o.id and m.account_id <> ${accountId}
                         order by m.since, m.account_id limit 1) n on true
      where o.workspace_id = ${ws} and o.account_id = ${accountId} and p.workspace_id = o.workspace_id and p.id = o.id
      returning p.id`.execute(trx);
    try {
      await customers(trx)
        .deleteFrom('accounts')
        .where('workspace_id', '=', ws)
        .where('id', '=', accountId)
        .execute();
    } catch (error) {
      if ((error as { code?: string }).code !== '23503') throw error;
      const table = (error as { table?: string }).table ?? 'other records';
      throw conflict(
        `Account ${accountId} is still referred to by ${table}: move or delete those first`,
        'id',
      );
    }
    await recordAudit(trx, actor, {
      action: 'delete',
      objectType: 'accounts',
      objectId: accountId,
      before: { ...auditable(before), primaryAccountOf: moved.map((r) => r.id) },
    });
  });
}

export function loadAccountRow(trx: Tx, workspaceId: string, accountId: string) {
  return customers(trx)
    .selectFrom('accounts')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow(() => notFound('Account'));
}

export type AccountRow = Awaited<ReturnType<typeof loadAccountRow>>;

export const ownership = (row: AccountRow) => ({ ownerId: row.owner_id, ownerTeamId: row.team_id });

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    industry: row.industry,
    size: row.size,
    ownerId: row.owner_id,
    teamId: row.team_id,
    attributes: row.attributes,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function auditable(row: AccountRow): Record<string, unknown> {
  const { workspace_id: _w, id: _i, created_at: _c, updated_at: _u, ...fields } = row;
  return fields;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalid('name', 'must not be empty');
  return trimmed;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

/** `https://www.Acme.com/about` -> `acme.com`; a 400 for anything that is not a domain name. */
export function normaliseDomain(domain: string | null | undefined): string | null {
  if (domain === undefined || domain === null || domain.trim() === '') return null;
  const host = domain
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  if (!DOMAIN.test(host)) throw invalid('domain', `"${domain}" is not a domain name (like acme.com)`);
  return host;
}

async function checkOwnerAndTeam(trx: Tx, ws: string, ownerId: string | null, teamId: string | null) {
  if (ownerId) {
    const user = await customers(trx)
      .selectFrom('users')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', ownerId)
      .executeTakeFirst();
    if (!user) throw invalid('ownerId', 'no such user in this workspace');
  }
  if (teamId) {
    const team = await customers(trx)
      .selectFrom('teams')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', teamId)
      .executeTakeFirst();
    if (!team) throw invalid('teamId', 'no such team in this workspace');
  }
}
