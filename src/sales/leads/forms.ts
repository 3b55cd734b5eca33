import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { withSystem, withTenant } from '../../db/index';
import { authorize, notFound, type Principal, recordAudit } from '../../platform/index';
import { randomBytes } from 'node:crypto';
import { authorizeSalesSettings, missingReference, ownerTeam } from '../pipeline/access';
import { deals } from '../pipeline/tables';
import type { LeadFormCreate, LeadFormUpdate, LeadFormView } from './schema';

type FormRow = {
  id: string;
  workspace_id: string;
  name: string;
  form_key: string;
  allowed_origin: string | null;
  redirect_url: string | null;
  honeypot_field: string;
  source: string;
  campaign: string | null;
  owner_id: string | null;
  per_minute: number;
  per_address_per_minute: number;
  active: boolean;
  created_at: Date;
};

function toView(r: FormRow): LeadFormView {
  return {
    id: r.id,
    name: r.name,
    formKey: r.form_key,
    allowedOrigin: r.allowed_origin,
    redirectUrl: r.redirect_url,
    honeypotField: r.honeypot_field,
    source: r.source,
    campaign: r.campaign,
    ownerId: r.owner_id,
    perMinute: r.per_minute,
    perAddressPerMinute: r.per_address_per_minute,
    active: r.active,
    createdAt: r.created_at.toISOString(),
  };
}

/** A new web form with its public key (random, 32 characters): the site posts leads to it. */
export async function createLeadForm(db: Db, actor: Principal, input: LeadFormCreate): Promise<LeadFormView> {
  authorizeSalesSettings(actor);
  if (input.ownerId) await ownerTeam(db, actor.workspaceId, input.ownerId);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const row = await deals(trx)
      .insertInto('lead_forms')
      .values({
        workspace_id: actor.workspaceId,
        name: input.name.trim(),
        form_key: randomBytes(24).toString('base64url'),
        allowed_origin: input.allowedOrigin ?? null,
        redirect_url: input.redirectUrl ?? null,
        ...(input.honeypotField && { honeypot_field: input.honeypotField }),
        ...(input.source && { source: input.source.trim() }),
        campaign: input.campaign ?? null,
        owner_id: input.ownerId ?? null,
        ...(input.perMinute !== undefined && { per_minute: input.perMinute }),
        ...(input.perAddressPerMinute !== undefined && { per_address_per_minute: input.perAddressPerMinute }),
        ...(input.active !== undefined && { active: input.active }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'lead_forms',
      objectId: row.id,
      after: { name: row.name },
    });
    return toView(row);
  }).catch((err: unknown) => {
    throw missingReference(err, { owner_id: 'ownerId' });
  });
}

export async function listLeadForms(db: Db, actor: Principal): Promise<{ items: LeadFormView[] }> {
  authorize(actor, 'leads', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const rows = await deals(trx)
      .selectFrom('lead_forms')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId)
      .orderBy('created_at')
      .execute();
    return { items: rows.map(toView) };
  });
}

export async function updateLeadForm(
  db: Db,
  actor: Principal,
  id: string,
  input: LeadFormUpdate,
): Promise<LeadFormView> {
  authorizeSalesSettings(actor);
  if (input.ownerId) await ownerTeam(db, actor.workspaceId, input.ownerId);
  const view = await withTenant(db, actor.workspaceId, async (trx) => {
    const changes = {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.allowedOrigin !== undefined && { allowed_origin: input.allowedOrigin }),
      ...(input.redirectUrl !== undefined && { redirect_url: input.redirectUrl }),
      ...(input.honeypotField !== undefined && { honeypot_field: input.honeypotField }),
      ...(input.source !== undefined && { source: input.source.trim() }),
      ...(input.campaign !== undefined && { campaign: input.campaign }),
      ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
      ...(input.perMinute !== undefined && { per_minute: input.perMinute }),
      ...(input.perAddressPerMinute !== undefined && { per_address_per_minute: input.perAddressPerMinute }),
      ...(input.active !== undefined && { active: input.active }),
    };
    const matching =
      Object.keys(changes).length === 0 ? deals(trx).selectFrom('lead_forms').selectAll() : null;
    const row = matching
      ? await matching.where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst()
      : await deals(trx)
          .updateTable('lead_forms')
          .set(changes)
          .where('workspace_id', '=', actor.workspaceId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
    if (!row) throw notFound('Lead form');
    if (matching) return toView(row);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'lead_forms',
      objectId: id,
      after: { ...input },
    });
    return toView(row);
  });
  forgetForm(view.formKey);
  return view;
}

/** What the public endpoint needs of a form (and nothing it would answer with). */
export interface PublicForm {
  workspaceId: string;
  id: string;
  allowedOrigin: string | null;
  redirectUrl: string | null;
  honeypotField: string;
  source: string;
  campaign: string | null;
  ownerId: string | null;
  teamId: string | null;
  perMinute: number;
  perAddressPerMinute: number;
}

const CACHE_MS = 10_000;
const cache = new Map<string, { at: number; form: Promise<PublicForm | null> }>();

/**
 * The active form with this key, in any workspace (the key is all the public endpoint knows); kept
 * 10 s per process, so a burst of posts costs one look-up. Null for an unknown or inactive key.
 */
export function findFormByKey(db: Db, key: string): Promise<PublicForm | null> {
  const hit = cache.get(key);
  if (hit && performance.now() - hit.at < CACHE_MS) return hit.form;
  const form = loadForm(db, key);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { at: performance.now(), form });
  form.catch(() => cache.delete(key));
  return form;
}

function forgetForm(key: string): void {
  cache.delete(key);
}

async function loadForm(db: Db, key: string): Promise<PublicForm | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(key)) return null;
  const { rows } = await withSystem(db, (trx) =>
    sql<FormRow>`select * from lead_forms where form_key = ${key} and active`.execute(trx),
  );
  const row = rows[0];
  if (!row) return null;
  const teamId = row.owner_id ? await ownerTeam(db, row.workspace_id, row.owner_id).catch(() => null) : null;
  return {
    workspaceId: row.workspace_id,
    id: row.id,
    allowedOrigin: row.allowed_origin,
    redirectUrl: row.redirect_url,
    honeypotField: row.honeypot_field,
    source: row.source,
    campaign: row.campaign,
    ownerId: row.owner_id,
    teamId,
    perMinute: row.per_minute,
    perAddressPerMinute: row.per_address_per_minute,
  };
}
