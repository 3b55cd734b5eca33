import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { recordAudit } from '../../platform/index';
import { conflict, forbidden, invalid, notFound } from '../../platform/index';
import { authorize, levelFor, type Principal } from '../../platform/index';
import type { AttributeRule } from './attributes-values';
import { type AttributeObjectType, type AttributeType, customers } from '../tables';

export interface AttributeDefinition {
  id: string;
  objectType: AttributeObjectType;
  key: string;
  label: string;
  type: AttributeType;
  options: string[] | null;
  required: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CreateAttributeInput {
  objectType: AttributeObjectType;
  key: string;
  label?: string;
  type: AttributeType;
  options?: string[];
  required?: boolean;
}

export interface UpdateAttributeInput {
  label?: string;
  /** For a choice: the new list; every value in use must stay a choice. */
  options?: string[];
  required?: boolean;
}

/** The definitions of one object type, as validation rules (inside the caller's tenant transaction). */
export async function loadAttributeRules(
  trx: Tx,
  workspaceId: string,
  objectType: AttributeObjectType,
): Promise<AttributeRule[]> {
  const rows = await customers(trx)
    .selectFrom('attribute_definitions')
    .select(['key', 'type', 'options', 'required'])
    .where('workspace_id', '=', workspaceId)
    .where('object_type', '=', objectType)
    .execute();
  return rows.map((r) => ({ key: r.key, type: r.type, options: r.options, required: r.required }));
}

/** Definitions are readable by whoever may read the records they describe. */
function authorizeRead(actor: Principal, objectType?: AttributeObjectType): void {
  const types = objectType ? [objectType] : (['people', 'accounts'] as const);
  if (types.every((t) => levelFor(actor, t, 'read') === 'none'))
    throw forbidden(`Your role (${actor.roleName}) may not read ${types.join(' or ')}`);
}

export async function listAttributeDefinitions(
  db: Db,
  actor: Principal,
  query: { objectType?: AttributeObjectType },
): Promise<{ items: AttributeDefinition[] }> {
  authorizeRead(actor, query.objectType);
  return withTenant(db, actor.workspaceId, async (trx) => {
    let q = customers(trx)
      .selectFrom('attribute_definitions')
      .selectAll()
      .where('workspace_id', '=', actor.workspaceId);
    if (query.objectType) q = q.where('object_type', '=', query.objectType);
    const readable = (['people', 'accounts'] as const).filter((t) => levelFor(actor, t, 'read') !== 'none');
    q = q.where('object_type', 'in', readable);
    const rows = await q.orderBy('object_type').orderBy('key').execute();
    return { items: rows.map(toDefinition) };
  });
}

/** Defining attributes changes the workspace's data model: it needs the workspace update grant (admins). */
export async function createAttributeDefinition(
  db: Db,
  actor: Principal,
  input: CreateAttributeInput,
): Promise<AttributeDefinition> {
  authorize(actor, 'workspace', 'update');
  const options = checkOptions(input.type, input.options);
  return withTenant(db, actor.workspaceId, async (trx) => {
    const existing = await findByKey(trx, actor.workspaceId, input.objectType, input.key);
    if (existing) throw conflict(`${input.objectType} already have an attribute "${input.key}"`, 'key');
    const row = await customers(trx)
      .insertInto('attribute_definitions')
      .values({
        workspace_id: actor.workspaceId,
        object_type: input.objectType,
        key: input.key,
        label: input.label?.trim() || input.key,
        type: input.type,
        options: options === null ? null : JSON.stringify(options),
        required: input.required ?? false,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      objectType: 'attribute_definitions',
      objectId: row.id,
      after: auditable(row),
    });
    return toDefinition(row);
  });
}

export async function updateAttributeDefinition(
  db: Db,
  actor: Principal,
  id: string,
  input: UpdateAttributeInput,
): Promise<AttributeDefinition> {
  authorize(actor, 'workspace', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const before = await loadDefinition(trx, actor.workspaceId, id);
    let options: string[] | null | undefined;
    if (input.options !== undefined) {
      options = checkOptions(before.type, input.options);
      const dropped = (before.options ?? []).filter((o) => !options?.includes(o));
      const inUse = await valuesInUse(trx, actor.workspaceId, before.object_type, before.key, dropped);
      if (inUse.length > 0)
        throw conflict(
          `${inUse.map((o) => `"${o}"`).join(', ')} still in use: change those records first`,
          'options',
        );
    }
    if (input.label !== undefined && !input.label.trim()) throw invalid('label', 'must not be empty');
    const after = await customers(trx)
      .updateTable('attribute_definitions')
      .set({
        ...(input.label !== undefined && { label: input.label.trim() }),
        ...(options !== undefined && { options: options === null ? null : JSON.stringify(options) }),
        ...(input.required !== undefined && { required: input.required }),
        updated_at: new Date(),
      })
      .where('workspace_id', '=', actor.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'attribute_definitions',
      objectId: id,
      before: auditable(before),
      after: auditable(after),
    });
    return toDefinition(after);
  });
}

/** Removes the definition and the key's values from every record (found through the typed index). */
export async function deleteAttributeDefinition(db: Db, actor: Principal, id: string): Promise<void> {
  authorize(actor, 'workspace', 'update');
  await withTenant(db, actor.workspaceId, async (trx) => {
    const before = await loadDefinition(trx, actor.workspaceId, id);
    const ws = actor.workspaceId;
    const cleared =
      before.object_type === 'people'
        ? await sql`update people set attributes = attributes - ${before.key}::text, updated_at = now()
            where workspace_id = ${ws} and id in (select person_id from people_attribute_values
              where workspace_id = ${ws} and key = ${before.key})`.execute(trx)
        : await sql`update accounts set attributes = attributes - ${before.key}::text, updated_at = now()
            where workspace_id = ${ws} and id in (select account_id from account_attribute_values
              where workspace_id = ${ws} and key = ${before.key})`.execute(trx);
    await customers(trx)
      .deleteFrom('attribute_definitions')
      .where('workspace_id', '=', ws)
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'delete',
      objectType: 'attribute_definitions',
      objectId: id,
      before: { ...auditable(before), recordsCleared: Number(cleared.numAffectedRows ?? 0) },
    });
  });
}

function checkOptions(type: AttributeType, options: string[] | undefined): string[] | null {
  if (type !== 'choice') {
    if (options !== undefined) throw invalid('options', `only a choice attribute has options, not a ${type}`);
    return null;
  }
  if (!options || options.length === 0)
    throw invalid('options', 'a choice attribute needs at least one option');
  const trimmed = options.map((o) => o.trim());
  for (const [i, o] of trimmed.entries()) {
    if (!o) throw invalid(`options.${i}`, 'must not be empty');
    if (trimmed.indexOf(o) !== i) throw invalid(`options.${i}`, `"${o}" is given twice`);
  }
  return trimmed;
}

async function valuesInUse(
  trx: Tx,
  workspaceId: string,
  objectType: AttributeObjectType,
  key: string,
  values: string[],
): Promise<string[]> {
  if (values.length === 0) return [];
  const table = objectType === 'people' ? 'people_attribute_values' : 'account_attribute_values';
  const { rows } = await sql<{ txt: string }>`
    select distinct txt from ${sql.table(table)}
    where workspace_id = ${workspaceId} and key = ${key} and txt = any(${values}::text[])`.execute(trx);
  return rows.map((r) => r.txt).sort();
}

function findByKey(trx: Tx, workspaceId: string, objectType: AttributeObjectType, key: string) {
  return customers(trx)
    .selectFrom('attribute_definitions')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('object_type', '=', objectType)
    .where('key', '=', key)
    .executeTakeFirst();
}

function loadDefinition(trx: Tx, workspaceId: string, id: string) {
  return customers(trx)
    .selectFrom('attribute_definitions')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow(() => notFound('Attribute'));
}

type DefinitionRow = Awaited<ReturnType<typeof loadDefinition>>;

function toDefinition(row: DefinitionRow): AttributeDefinition {
  return {
    id: row.id,
    objectType: row.object_type,
    key: row.key,
    label: row.label,
    type: row.type,
    options: row.options,
    required: row.required,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function auditable(row: DefinitionRow): Record<string, unknown> {
  const { workspace_id: _w, id: _i, created_at: _c, updated_at: _u, ...fields } = row;
  return fields;
}
