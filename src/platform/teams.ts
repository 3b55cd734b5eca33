import type { Db } from '../db/connection';
import { withTenant } from '../db/tenant';
import { recordAudit } from './audit';
import { conflict, invalid } from './errors';
import { authorize, type Principal } from './permissions';
import { platform } from './tables';

export interface Team {
  id: string;
  name: string;
}

export async function createTeam(db: Db, actor: Principal, input: { name: string }): Promise<Team> {
  authorize(actor, 'teams', 'create');
  const name = input.name.trim();
  if (!name) throw invalid('name', 'name must not be empty');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const taken = await platform(trx)
      .selectFrom('teams')
      .select('id')
      .where('workspace_id', '=', actor.workspaceId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (taken) throw conflict(`A team named "${name}" already exists`, 'name');
    const team = await platform(trx)
      .insertInto('teams')
      .values({ workspace_id: actor.workspaceId, name })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'teams',
      objectId: team.id,
      after: { name },
    });
    return team;
  });
}

export async function listTeams(db: Db, actor: Principal): Promise<Team[]> {
  authorize(actor, 'teams', 'read');
  return withTenant(db, actor.workspaceId, (trx) =>
    platform(trx)
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('workspace_id', '=', actor.workspaceId)
      .orderBy('name')
      .execute(),
  );
}
