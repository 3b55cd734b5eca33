import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { recordAudit } from './audit';
import { conflict, invalid, notFound } from './errors';
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
    if (taken) throw duplicateTeam(name);
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

/** Renames a team: 1-200 characters after trimming, unique in the workspace (409 naming `name`). */
export async function renameTeam(
  db: Db,
  actor: Principal,
  teamId: string,
  input: { name: string },
): Promise<Team> {
  authorize(actor, 'teams', 'update');
  const name = input.name.trim();
  if (!name) throw invalid('name', 'name must not be empty');
  if (name.length > 200) throw invalid('name', 'name must be at most 200 characters');
  try {
    return await withTenant(db, actor.workspaceId, async (trx) => {
      const before = await platform(trx)
        .selectFrom('teams')
        .select(['id', 'name'])
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', teamId)
        .executeTakeFirstOrThrow(() => notFound('Team'));
      if (before.name === name) return before;
      const taken = await platform(trx)
        .selectFrom('teams')
        .select('id')
        .where('workspace_id', '=', actor.workspaceId)
        .where('name', '=', name)
        .executeTakeFirst();
      if (taken) throw duplicateTeam(name);
      const team = await platform(trx)
        .updateTable('teams')
        .set({ name })
        .where('workspace_id', '=', actor.workspaceId)
        .where('id', '=', teamId)
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'update',
        objectType: 'teams',
        objectId: teamId,
        before: { name: before.name },
        after: { name },
      });
      return team;
    });
  } catch (err) {
    // Two renames racing to the same name: the unique constraint decides.
    if ((err as { code?: string }).code === '23505') throw duplicateTeam(name);
    throw err;
  }
}

const duplicateTeam = (name: string) => conflict(`A team named "${name}" already exists`, 'name');
