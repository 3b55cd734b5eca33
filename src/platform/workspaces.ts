import { sql } from 'kysely';
import type { Db } from '../db/index';
import { type Tx, withSystem } from '../db/index';
import { recordAudit } from './audit';
import { conflict, invalid, notFound } from './errors';
import { SYSTEM_PRINCIPAL } from './permissions';
import { insertBuiltInRoles } from './roles';
import { platform } from './tables';

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  defaultRegion: string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Creates a workspace with its built-in roles. Platform-level: not scoped to a caller's workspace. */
export async function createWorkspace(
  db: Db,
  input: { slug: string; name: string; defaultRegion?: string },
): Promise<Workspace> {
  if (!SLUG.test(input.slug)) {
    throw invalid(
      'slug',
      'slug must be 2-63 lowercase letters, digits or dashes, starting with a letter or digit',
    );
  }
  if (!input.name.trim()) throw invalid('name', 'name must not be empty');
  const region = input.defaultRegion ?? 'US';
  if (!/^[A-Z]{2}$/.test(region))
    throw invalid('defaultRegion', 'defaultRegion must be a two-letter country code');
  return withSystem(db, async (trx) => {
    const taken = await platform(trx)
      .selectFrom('workspaces')
      .select('id')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (taken) throw conflict(`Workspace "${input.slug}" already exists`, 'slug');
    const ws = await platform(trx)
      .insertInto('workspaces')
      .values({ slug: input.slug, name: input.name.trim(), default_region: region })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertBuiltInRoles(trx, ws.id);
    await recordAudit(trx, SYSTEM_PRINCIPAL(ws.id), {
      action: 'create',
      objectType: 'workspace',
      objectId: ws.id,
      after: { slug: ws.slug, name: ws.name, default_region: ws.default_region },
    });
    return toWorkspace(ws);
  });
}

export async function findWorkspaceBySlug(db: Db, slug: string): Promise<Workspace> {
  const ws = await withSystem(db, (trx) =>
    platform(trx).selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst(),
  );
  if (!ws) throw notFound(`Workspace "${slug}"`);
  return toWorkspace(ws);
}

export async function getWorkspace(db: Db, id: string): Promise<Workspace> {
  const ws = await withSystem(db, (trx) =>
    platform(trx).selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst(),
  );
  if (!ws) throw notFound('Workspace');
  return toWorkspace(ws);
}

function toWorkspace(row: { id: string; slug: string; name: string; default_region: string }): Workspace {
  return { id: row.id, slug: row.slug, name: row.name, defaultRegion: row.default_region };
}

/** Default phone regions of the workspaces this process has read: set at creation and never changed. */
const regions = new Map<string, string>();

/**
 * The workspace's default phone region, as phones typed without a country code are read: read once
 * per process (a region is set when the workspace is made and never changed), so a caller lookup
 * by phone makes no extra round trip for it.
 */
export async function workspaceRegion(trx: Tx, workspaceId: string): Promise<string> {
  const known = regions.get(workspaceId);
  if (known) return known;
  const { rows } = await sql<{ region: string }>`
    select default_region as region from workspaces where id = ${workspaceId}`.execute(trx);
  const region = rows[0]?.region;
  if (!region) throw notFound('Workspace');
  regions.set(workspaceId, region);
  return region;
}
