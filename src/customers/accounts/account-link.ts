import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import { AppError, authorize, invalid, recordAudit } from '../../platform/index';
import type { Principal } from '../../platform/index';
import { customers } from '../tables';

export interface AccountLinkInput {
  /** The person to make a member (and, when they have none, whose primary account it becomes). */
  personId?: string | null;
  /** An existing account. */
  accountId?: string;
  /** Otherwise an account of this name: the oldest with the same name (any case), or a new one. */
  accountName?: string;
  /** The person's role there (a job title). */
  role?: string | null;
}

export interface AccountLink {
  accountId: string;
  /** A new account was made. */
  created: boolean;
}

/**
 * Links a person to an account inside the caller's transaction (a lead converted into a customer of a
 * company): the account given, or found by name, or created; the person becomes a member, and it is
 * their primary account when they had none. The caller authorises its own action (accounts create is
 * checked when one is made). A missing account id is a 404 naming `accountId`.
 */
export async function linkPersonToAccount(
  trx: Tx,
  actor: Principal,
  input: AccountLinkInput,
): Promise<AccountLink> {
  const ws = actor.workspaceId;
  let accountId = input.accountId;
  let created = false;
  if (accountId) {
    const found = await customers(trx)
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', ws)
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!found) throw new AppError('not_found', 'Account not found', 'accountId');
  } else {
    const name = input.accountName?.trim();
    if (!name) throw invalid('accountName', 'give an account id or a name');
    if (name.length > 200) throw invalid('accountName', 'must be at most 200 characters');
    const { rows } = await sql<{ id: string }>`
      select id from accounts where workspace_id = ${ws} and lower(name) = lower(${name})
      order by created_at, id limit 1`.execute(trx);
    accountId = rows[0]?.id;
    if (!accountId) {
      authorize(actor, 'accounts', 'create');
      const row = await customers(trx)
        .insertInto('accounts')
        .values({
          workspace_id: ws,
          name,
          owner_id: actor.via === 'system' ? null : actor.userId,
          team_id: actor.teamId,
          attributes: '{}',
        })
        .returning(['id', 'name', 'owner_id', 'team_id'])
        .executeTakeFirstOrThrow();
      accountId = row.id;
      created = true;
      await recordAudit(trx, actor, {
        action: 'create',
        objectType: 'accounts',
        objectId: row.id,
        after: { name: row.name, owner_id: row.owner_id, team_id: row.team_id },
      });
    }
  }
  if (input.personId) {
    const role = input.role?.trim().slice(0, 100) || null;
    await customers(trx)
      .insertInto('account_members')
      .values({ workspace_id: ws, account_id: accountId, person_id: input.personId, role })
      .onConflict((oc) => oc.columns(['workspace_id', 'account_id', 'person_id']).doNothing())
      .execute();
    await customers(trx)
      .updateTable('people')
      .set({ account_id: accountId, account_role: role, updated_at: new Date() })
      .where('workspace_id', '=', ws)
      .where('id', '=', input.personId)
      .where('account_id', 'is', null)
      .execute();
  }
  return { accountId, created };
}
