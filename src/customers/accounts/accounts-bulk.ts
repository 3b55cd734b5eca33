import { sql } from 'kysely';
import type { Tx } from '../../db/index';
import { arrayParam, unnestInsert } from '../../db/index';
import { AppError, type AuditEntry, isAllowed, type Principal, recordAuditBatch } from '../../platform/index';
import { normaliseDomain } from './accounts';

/** One line of an account file: a name, and the fields it gives (the others keep their value). */
export interface AccountUpsert {
  name: string;
  domain?: string;
  industry?: string;
  size?: string;
}

export type AccountOutcome =
  | { status: 'created' | 'updated' | 'unchanged'; id: string }
  | { status: 'rejected'; field: string; reason: string };

interface AccountRow {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  owner_id: string | null;
  team_id: string | null;
}

type State = Omit<AccountRow, 'id'> & { id: string | undefined };

const FIELDS = ['name', 'domain', 'industry', 'size'] as const;
const COLUMNS = sql.raw('id, name, domain::text as domain, industry, size, owner_id, team_id');

/**
 * Creates or updates accounts (companies), item by item in outcome but in bulk statements, in the
 * caller's transaction (an account import's chunk). An item finds its account by domain (`acme.com`,
 * however written) or, failing that, by name (any case) among accounts without a domain; an item
 * without a domain, by name among all. A name that several accounts share is refused as ambiguous.
 * A found account gets the fields the item gives (`updated`, or `unchanged` when it has them); else
 * one is created, owned by the importer and its team (`created`). Items are taken in order. Creating
 * needs accounts create; changing an account, accounts update on it. Account imports of one workspace
 * take turns (a transaction lock), so two never create one account twice.
 */
export async function upsertAccounts(
  trx: Tx,
  actor: Principal,
  items: readonly AccountUpsert[],
): Promise<AccountOutcome[]> {
  const ws = actor.workspaceId;
  const outcomes: AccountOutcome[] = new Array(items.length);
  await sql`select pg_advisory_xact_lock(hashtext('rapport.accounts.upsert'), hashtext(${ws}))`.execute(trx);
  const checked = items.map(checkItem);
  const domains = [...new Set(checked.flatMap((c) => (c.ok && c.item.domain ? [c.item.domain] : [])))];
  const names = [...new Set(checked.flatMap((c) => (c.ok ? [c.item.name.toLowerCase()] : [])))];
  const { rows: found } = await sql<AccountRow>`select ${COLUMNS} from accounts
    where workspace_id = ${ws}
      and (lower(domain::text) = any(${arrayParam(domains, 'text')}) or lower(name) = any(${arrayParam(names, 'text')}))
    order by created_at, id for update`.execute(trx);
  // Every account the items may meet, those found and those this call creates, in their latest state.
  const states: State[] = found.map((r) => ({ ...r }));
  const before = new Map(found.map((r) => [r.id, r]));
  const touched = new Set<State>();
  const stateOf: (State | undefined)[] = new Array(items.length);
  const mayCreate = isAllowed(actor, 'accounts', 'create');
  checked.forEach((c, index) => {
    if (!c.ok) {
      outcomes[index] = { status: 'rejected', field: c.field, reason: c.reason };
      return;
    }
    const item = c.item;
    const sameName = (s: State) => s.name.toLowerCase() === item.name.toLowerCase();
    let matches = item.domain ? states.filter((s) => s.domain === item.domain) : [];
    if (matches.length === 0)
      matches = states.filter((s) => sameName(s) && (item.domain === undefined || s.domain === null));
    if (matches.length > 1) {
      outcomes[index] = {
        status: 'rejected',
        field: item.domain && matches.every((m) => m.domain === item.domain) ? 'domain' : 'name',
        reason: `${matches.length} accounts match "${item.domain ?? item.name}": give a domain that one of them has, or merge them`,
      };
      return;
    }
    const match = matches[0];
    if (!match) {
      if (!mayCreate) {
        outcomes[index] = {
          status: 'rejected',
          field: 'name',
          reason: `no account matches, and your role (${actor.roleName}) may not create accounts`,
        };
        return;
      }
      const state: State = {
        id: undefined,
        name: item.name,
        domain: item.domain ?? null,
        industry: item.industry ?? null,
        size: item.size ?? null,
        owner_id: actor.via === 'system' ? null : actor.userId,
        team_id: actor.teamId,
      };
      states.push(state);
      touched.add(state);
      stateOf[index] = state;
      outcomes[index] = { status: 'created', id: '' };
      return;
    }
    const next = {
      ...match,
      name: item.name,
      ...(item.domain !== undefined && { domain: item.domain }),
      ...(item.industry !== undefined && { industry: item.industry }),
      ...(item.size !== undefined && { size: item.size }),
    };
    const changed = FIELDS.some((f) => next[f] !== match[f]);
    const owner = { ownerId: match.owner_id, ownerTeamId: match.team_id };
    if (changed && match.id !== undefined && !isAllowed(actor, 'accounts', 'update', owner)) {
      outcomes[index] = {
        status: 'rejected',
        field: 'name',
        reason: `your role (${actor.roleName}) may not update this account`,
      };
      return;
    }
    Object.assign(match, next);
    if (changed) touched.add(match);
    stateOf[index] = match;
    outcomes[index] = { status: changed ? 'updated' : 'unchanged', id: match.id ?? '' };
  });

  const created = [...touched].filter((s) => s.id === undefined);
  const updated = [...touched].filter((s) => s.id !== undefined);
  const audit: AuditEntry[] = [];
  const ids = new Map<State, string>();
  if (created.length > 0) {
    const insert = unnestInsert(
      'accounts',
      [
        ['workspace_id', 'uuid'],
        ['name', 'text'],
        ['domain', 'citext'],
        ['industry', 'text'],
        ['size', 'text'],
        ['owner_id', 'uuid'],
        ['team_id', 'uuid'],
      ],
      created.map((s) => [ws, s.name, s.domain, s.industry, s.size, s.owner_id, s.team_id]),
    );
    // Inserted rows come back in the order given (one statement, no conflicts to skip).
    const { rows } = await sql<AccountRow>`${insert} returning ${COLUMNS}`.execute(trx);
    rows.forEach((r, i) => {
      ids.set(created[i] as State, r.id);
      audit.push({ action: 'create', objectType: 'accounts', objectId: r.id, after: auditable(r) });
    });
  }
  if (updated.length > 0) {
    const col = (f: (s: State) => unknown, type: string) => arrayParam(updated.map(f), type);
    const { rows } = await sql<AccountRow>`update accounts a set name = u.name, domain = u.domain::citext,
        industry = u.industry, size = u.size, updated_at = now()
      from unnest(${col((s) => s.id, 'uuid')}, ${col((s) => s.name, 'text')}, ${col((s) => s.domain, 'text')},
        ${col((s) => s.industry, 'text')}, ${col((s) => s.size, 'text')}) as u(id, name, domain, industry, size)
      where a.workspace_id = ${ws} and a.id = u.id
      returning a.id, a.name, a.domain::text as domain, a.industry, a.size, a.owner_id, a.team_id`.execute(
      trx,
    );
    for (const r of rows)
      audit.push({
        action: 'update',
        objectType: 'accounts',
        objectId: r.id,
        before: auditable(before.get(r.id) as AccountRow),
        after: auditable(r),
      });
  }
  await recordAuditBatch(trx, actor, audit);
  // Items that created an account (or met one created here) get its id.
  return outcomes.map((o, index) => {
    const state = stateOf[index];
    return o.status === 'rejected' || !state ? o : { ...o, id: state.id ?? ids.get(state) ?? '' };
  });
}

function auditable(r: AccountRow): Record<string, unknown> {
  return {
    name: r.name,
    domain: r.domain,
    industry: r.industry,
    size: r.size,
    owner_id: r.owner_id,
    team_id: r.team_id,
  };
}

type Checked = { ok: true; item: AccountUpsert } | { ok: false; field: string; reason: string };

function checkItem(raw: AccountUpsert): Checked {
  const name = raw.name.trim();
  if (name === '' || name.length > 300)
    return { ok: false, field: 'name', reason: 'must be 1-300 characters' };
  if (raw.industry !== undefined && raw.industry.length > 200)
    return { ok: false, field: 'industry', reason: 'must be at most 200 characters' };
  if (raw.size !== undefined && raw.size.length > 100)
    return { ok: false, field: 'size', reason: 'must be at most 100 characters' };
  let domain: string | undefined;
  if (raw.domain !== undefined) {
    try {
      domain = normaliseDomain(raw.domain) ?? undefined;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { ok: false, field: 'domain', reason: err.message };
    }
  }
  return {
    ok: true,
    item: {
      name,
      ...(domain !== undefined && { domain }),
      ...(raw.industry !== undefined && { industry: raw.industry }),
      ...(raw.size !== undefined && { size: raw.size }),
    },
  };
}
