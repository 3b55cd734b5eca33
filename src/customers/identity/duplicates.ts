import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { withTenant } from '../../db/index';
import { recordAudit } from '../../platform/index';
import { AppError, invalid } from '../../platform/index';
import { enqueueJob, type Job, type JobHandler } from '../../platform/index';
import { authorize, type Principal, SYSTEM_PRINCIPAL } from '../../platform/index';
import { DEFAULT_NAME_THRESHOLD, type ScanCounts, scanCandidates } from './duplicates-scan';
import type { Address, LifecycleStage } from '../tables';
import { loadIdentities } from '../people/person-view';
import { readableBy } from '../read-scope';

export const DUPLICATE_SCAN_JOB = 'customers.duplicate_scan';
export const CANDIDATE_STATUSES = ['open', 'merged', 'dismissed'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

export interface ScanOptions {
  /** Trigram similarity (0.3..1) from which names count as similar; default 0.5. */
  threshold?: number;
}

export interface ScanResult extends ScanCounts {
  tookMs: number;
}

/** Recomputes the workspace's duplicate candidates from exact and fuzzy evidence (duplicates-scan.ts). */
export async function scanDuplicates(db: Db, actor: Principal, options: ScanOptions): Promise<ScanResult> {
  authorize(actor, 'people', 'update');
  const threshold = options.threshold ?? DEFAULT_NAME_THRESHOLD;
  if (!(threshold >= 0.3 && threshold <= 1)) throw invalid('threshold', 'must be between 0.3 and 1');
  const started = performance.now();
  const counts = await withTenant(db, actor.workspaceId, (trx) =>
    scanCandidates(trx, actor.workspaceId, threshold),
  );
  return { ...counts, tookMs: Math.round(performance.now() - started) };
}

/** Queues a scan as a durable job (the runner needs `duplicateScanJob` under DUPLICATE_SCAN_JOB). */
export async function queueDuplicateScan(db: Db, actor: Principal, options: ScanOptions): Promise<Job> {
  authorize(actor, 'people', 'update');
  return withTenant(db, actor.workspaceId, (trx) =>
    enqueueJob(trx, actor, { kind: DUPLICATE_SCAN_JOB, payload: { threshold: options.threshold ?? null } }),
  );
}

/** The customer slice's job handlers, by job kind. */
export function customerJobHandlers(): Map<string, JobHandler> {
  return new Map([[DUPLICATE_SCAN_JOB, duplicateScanJob]]);
}

export const duplicateScanJob: JobHandler = async (ctx) => {
  const threshold = typeof ctx.payload.threshold === 'number' ? ctx.payload.threshold : undefined;
  await ctx.progress(0, 1);
  const result = await scanDuplicates(ctx.db, SYSTEM_PRINCIPAL(ctx.workspaceId), { threshold });
  await ctx.progress(1, 1);
  return result;
};

/** The fields of each person of a pair a reviewer compares. */
export interface CandidatePerson {
  id: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  birthday: string | null;
  postcode: string | null;
  city: string | null;
  accountId: string | null;
  lifecycleStage: LifecycleStage;
  emails: string[];
  phones: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Candidate {
  score: number;
  reasons: string[];
  status: CandidateStatus;
  a: CandidatePerson;
  b: CandidatePerson;
  createdAt: string;
  updatedAt: string;
}

export interface ListQuery {
  status?: CandidateStatus;
  limit?: number;
  /** nextCursor of the previous page. */
  cursor?: string;
}

type CandidateRow = {
  person_a: string;
  person_b: string;
  score: number;
  reasons: string[];
  status: CandidateStatus;
  created_at: Date;
  updated_at: Date;
};

type PersonFields = {
  id: string;
  display_name: string;
  given_name: string | null;
  family_name: string | null;
  birthday: string | null;
  address: Address | null;
  account_id: string | null;
  lifecycle_stage: LifecycleStage;
  created_at: Date;
  updated_at: Date;
};

/**
 * Candidate pairs, best first (score, then ids), a page at a time, with both people's key fields.
 * A role that reads only its own (or its own and its team's) people sees only pairs of two such people.
 */
export async function listDuplicates(
  db: Db,
  actor: Principal,
  query: ListQuery,
): Promise<{ items: Candidate[]; nextCursor: string | null }> {
  authorize(actor, 'people', 'read');
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const visible = (p: string) => sql`and ${readableBy(actor, 'people', p)}`;
  return withTenant(db, actor.workspaceId, async (trx) => {
    const ws = actor.workspaceId;
    const rank = sql`greatest(mc.score, coalesce(mc.scan_score, 0))`;
    const { rows } = await sql<CandidateRow>`
      select mc.person_a, mc.person_b, ${rank} as score, mc.reasons || mc.scan_reasons as reasons, mc.status,
        mc.created_at, mc.updated_at
      from merge_candidates mc
      join people pa on pa.workspace_id = mc.workspace_id and pa.id = mc.person_a ${visible('pa')}
      join people pb on pb.workspace_id = mc.workspace_id and pb.id = mc.person_b ${visible('pb')}
      where mc.workspace_id = ${ws} and mc.status = ${query.status ?? 'open'}
        ${
          after
            ? sql`and (${rank} < ${after.score}::numeric or (${rank} = ${after.score}::numeric
                 and (mc.person_a, mc.person_b) > (${after.a}::uuid, ${after.b}::uuid)))`
            : sql``
        }
      order by ${rank} desc, mc.person_a, mc.person_b
      limit ${limit + 1}`.execute(trx);
    const page = rows.slice(0, limit);
    const ids = [...new Set(page.flatMap((r) => [r.person_a, r.person_b]))];
    const people = ids.length
      ? await sql<PersonFields>`
          select id, display_name, given_name, family_name, birthday, address, account_id, lifecycle_stage,
            created_at, updated_at
          from people where workspace_id = ${ws} and id = any(${ids}::uuid[])`.execute(trx)
      : { rows: [] };
    const byId = new Map(people.rows.map((p) => [p.id, p]));
    const identities = await loadIdentities(trx, ws, ids);
    const view = (id: string): CandidatePerson => {
      const p = byId.get(id) as PersonFields;
      const of = (kind: string) =>
        (identities.get(id) ?? []).filter((i) => i.kind === kind).map((i) => i.value);
      return {
        id,
        displayName: p.display_name,
        firstName: p.given_name,
        lastName: p.family_name,
        birthday: p.birthday,
        postcode: p.address?.postcode ?? null,
        city: p.address?.city ?? null,
        accountId: p.account_id,
        lifecycleStage: p.lifecycle_stage,
        emails: of('email'),
        phones: of('phone'),
        createdAt: new Date(p.created_at).toISOString(),
        updatedAt: new Date(p.updated_at).toISOString(),
      };
    };
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        score: Number(r.score),
        reasons: r.reasons,
        status: r.status,
        a: view(r.person_a),
        b: view(r.person_b),
        createdAt: new Date(r.created_at).toISOString(),
        updatedAt: new Date(r.updated_at).toISOString(),
      })),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor({ score: Number(last.score), a: last.person_a, b: last.person_b })
          : null,
    };
  });
}

/** Marks a pair as not one person; later scans keep it dismissed. Either order of the ids works. */
export async function dismissDuplicate(
  db: Db,
  actor: Principal,
  first: string,
  second: string,
): Promise<void> {
  authorize(actor, 'people', 'update');
  const [x, y] = [first.toLowerCase(), second.toLowerCase()];
  const [a, b] = x < y ? [x, y] : [y, x];
  await withTenant(db, actor.workspaceId, async (trx) => {
    const where = sql`workspace_id = ${actor.workspaceId} and person_a = ${a} and person_b = ${b}`;
    const { rows } = await sql<{ status: CandidateStatus }>`
      select status from merge_candidates where ${where} for update`.execute(trx);
    const before = rows[0];
    if (!before) throw new AppError('not_found', 'No duplicate candidate for these two people');
    await sql`update merge_candidates set status = 'dismissed', updated_at = now() where ${where}`.execute(
      trx,
    );
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'merge_candidates',
      objectId: `${a}:${b}`,
      before: { status: before.status },
      after: { status: 'dismissed' },
    });
  });
}

interface Cursor {
  score: number;
  a: string;
  b: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.score, c.a, c.b])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(text: string): Cursor {
  try {
    const [score, a, b] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof score === 'number' &&
      typeof a === 'string' &&
      typeof b === 'string' &&
      UUID.test(a) &&
      UUID.test(b)
    )
      return { score, a, b };
  } catch {
    // falls through to the error below
  }
  throw invalid('cursor', 'is not a cursor this list gave out');
}
