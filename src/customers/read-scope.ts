import { type RawBuilder, sql } from 'kysely';
import { levelFor, type Principal } from '../platform/index';

/**
 * The rows of `type` the actor may read, as a condition on the owner and team columns of `alias`:
 * all of them, their own, or their own and their team's. (`none` is refused earlier by `authorize`.)
 */
export function readableBy(
  actor: Principal,
  type: 'people' | 'accounts',
  alias?: string,
): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  const level = levelFor(actor, type, 'read');
  if (level === 'all') return sql<boolean>`true`;
  if (level === 'team' && actor.teamId)
    return sql<boolean>`(${column('owner_id')} = ${actor.userId} or ${column('team_id')} = ${actor.teamId})`;
  return sql<boolean>`${column('owner_id')} = ${actor.userId}`;
}
