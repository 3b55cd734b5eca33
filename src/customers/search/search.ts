import type { Db } from '../../db/index';
import { workspaceRegion } from '../../platform/index';
import { withTenant } from '../../db/index';
import { forbidden, invalid } from '../../platform/index';
import { levelFor, type Principal } from '../../platform/index';
import { planSearch } from './search-query';
import { type Access, findExactAndPrefix, findSimilarNames, type Hit } from './search-repository';

export interface SearchInput {
  q: string;
  /** At most this many results; default and maximum 20. */
  limit?: number;
}

export interface SearchResult {
  type: 'person' | 'account';
  id: string;
  name: string;
  /** What matched, e.g. `phone +14155550100`, `email ann@example.com`, `name`, `similar name`. */
  matched: string;
  /** 1 for an exact identifier; 0.7 to 0.9 for prefixes and phone endings; below 0.6 for similar names. */
  score: number;
}

export const SEARCH_LIMIT = 20;
const LABELS: Record<string, string> = { external: 'externalId' };

/**
 * The one search box: people by email, phone in any format or its last 7+ digits, external id,
 * device id, social handle, name prefix or similar name; accounts by name or domain. Ranked best
 * first: exact identifiers, then prefixes, then similar names. Only what the caller may read.
 */
export async function searchCustomers(
  db: Db,
  actor: Principal,
  input: SearchInput,
): Promise<{ results: SearchResult[] }> {
  const access = accessOf(actor);
  if (access.people === 'none' && access.accounts === 'none')
    throw forbidden(`Your role (${actor.roleName}) may not read people or accounts`);
  const q = input.q.trim();
  if (!q) throw invalid('q', 'must not be empty');
  const limit = Math.min(input.limit ?? SEARCH_LIMIT, SEARCH_LIMIT);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const needsRegion = /\d/.test(q) && !/\p{L}/u.test(q);
    const region = needsRegion ? await workspaceRegion(trx, actor.workspaceId) : 'US';
    const plan = planSearch(q, region);
    const best = new Map<string, Hit>();
    const keep = (hits: Hit[]) => {
      for (const hit of hits) {
        const key = `${hit.type}:${hit.id}`;
        const seen = best.get(key);
        if (!seen || hit.score > seen.score) best.set(key, hit);
      }
    };
    keep(await findExactAndPrefix(trx, actor.workspaceId, plan, access, limit));
    // Similar names rank below every prefix: look for them only when the page is not full yet, and
    // only for close ones when something better was found (cheaper on a large table).
    if (plan.name && best.size < limit) {
      keep(await findSimilarNames(trx, actor.workspaceId, plan.name, access, limit, best.size > 0));
    }
    const results = [...best.values()]
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map(toResult);
    return { results };
  });
}

function toResult(hit: Hit): SearchResult {
  const matched = hit.value === null ? hit.via : `${LABELS[hit.via] ?? hit.via} ${hit.value}`;
  return { type: hit.type, id: hit.id, name: hit.name, matched, score: Math.round(hit.score * 1000) / 1000 };
}

/** The caller's read levels on people and accounts. */
function accessOf(actor: Principal): Access {
  return {
    people: levelFor(actor, 'people', 'read'),
    accounts: levelFor(actor, 'accounts', 'read'),
    userId: actor.userId,
    teamId: actor.teamId,
  };
}
