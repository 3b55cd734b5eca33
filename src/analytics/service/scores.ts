import { sql } from 'kysely';
import { arrayLiteral, bracketed } from '../../db/index';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { AppError, authorize, notFound, type Principal } from '../../platform/index';
import { readPreferredChannels } from '../feeds/channels';
import type { CustomerSummary } from '../models/clv/summary';
import { readCustomerSummaries } from '../feeds/customer-summary';
import { refreshCustomerStats } from '../feeds/stats';
import type { RfmRecord } from '../models/rfm/rfm';
import type { RfmScore } from '../models/rfm/scores';
import type { Day } from '../reports/options';
import { segmentRfmScores } from '../reports/rfm-report';
import { replaceWorkspaceScores } from './score-partitions';
import { withAnalyticsScope } from './scope';
import { DEFAULT_HORIZON, fitValueModel, type ValueModel, valueCustomers } from '../reports/value-model';

/** One row of `customer_scores` (see migration 0400). */
export interface ScoreRow {
  personId: string;
  recencyDays: number | null;
  frequency: number | null;
  monetary: number | null;
  r: number | null;
  f: number | null;
  m: number | null;
  segment: string | null;
  clv: number | null;
  pAlive: number | null;
  churnRisk: number | null;
  expectedPurchases: number | null;
  preferredChannel: string | null;
  profit: number | null;
  profitDecile: number | null;
}

export interface ScoreComputation {
  rows: ScoreRow[];
  model: ValueModel | null;
  /** Why there is no CLV / P(alive) (the purchase model could not be fitted), else null. */
  modelError: string | null;
}

const emptyRow = (personId: string): ScoreRow => ({
  personId,
  recencyDays: null,
  frequency: null,
  monetary: null,
  r: null,
  f: null,
  m: null,
  segment: null,
  clv: null,
  pAlive: null,
  churnRisk: null,
  expectedPurchases: null,
  preferredChannel: null,
  profit: null,
  profitDecile: null,
});

/**
 * Every score of every customer of the workspace as of a day, with the job's fixed definitions:
 * RFM quintiles and default segments, profit and profit decile over all history, BG/NBD P(alive),
 * churn risk and expected purchases over 52 weeks, Gamma-Gamma discounted CLV over 12 months at
 * 1% a month, and the preferred channel of inbound interactions and purchases (prior strength 2).
 * When the purchase model cannot be fitted (e.g. nobody has bought twice), the other scores are
 * still computed and `modelError` says why.
 */
export async function computeCustomerScores(
  db: Db,
  workspaceId: string,
  asOf: Day,
  heartbeat: () => Promise<void> = async () => {},
): Promise<ScoreComputation> {
  const window = { end: asOf.end };
  // One transaction per feed, with a heartbeat between them (a job extends its lease there; on the
  // embedded database nothing else may run while a transaction is open).
  const read = async <T>(feed: (trx: Tx) => Promise<T>): Promise<T> => {
    const result = await withAnalyticsScope(db, workspaceId, feed);
    await heartbeat();
    return result;
  };
  // The two feeds side by side (on a server, two connections: the channel choice runs while this
  // process fits the models to the summaries), over figures brought up to date first.
  await read((trx) => refreshCustomerStats(trx, workspaceId));
  const channelsRead = read((trx) => readPreferredChannels(trx, workspaceId, window, 'all', 2));
  channelsRead.catch(() => undefined); // awaited below; a failure is not unhandled meanwhile
  const summaries = await read((trx) =>
    readCustomerSummaries(trx, workspaceId, { end: asOf.end, endDay: asOf.iso }),
  );
  const rows = new Map<string, ScoreRow>();
  const buyers: (RfmRecord & RfmScore)[] = [];
  const histories: CustomerSummary[] = [];
  for (const s of summaries) {
    const r = emptyRow(s.customerId);
    rows.set(s.customerId, r);
    r.profit = s.profit;
    r.profitDecile = s.profitDecile;
    if (s.frequency === null) continue;
    buyers.push(s as RfmRecord & RfmScore);
    histories.push({
      customerId: s.customerId,
      x: s.x as number,
      tx: s.tx as number,
      T: s.T as number,
      monetaryValue: s.monetaryValue as number,
    });
  }
  for (const c of segmentRfmScores(buyers)) {
    const r = rows.get(c.customerId) as ScoreRow;
    r.recencyDays = c.recencyDays;
    r.frequency = c.frequency;
    r.monetary = c.monetary;
    r.r = c.r;
    r.f = c.f;
    r.m = c.m;
    r.segment = c.segment;
  }
  const row = (id: string): ScoreRow => {
    let r = rows.get(id);
    if (!r) {
      r = emptyRow(id);
      rows.set(id, r);
    }
    return r;
  };
  let model: ValueModel | null = null;
  let modelError: string | null = null;
  try {
    model = histories.length === 0 ? null : fitValueModel(histories);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    modelError = err.message;
  }
  if (model) {
    for (const v of valueCustomers(model, histories, DEFAULT_HORIZON)) {
      const r = row(v.customerId);
      r.pAlive = v.pAlive;
      r.churnRisk = v.churnRisk;
      r.expectedPurchases = v.expectedPurchases;
      r.clv = v.clv;
    }
  }
  for (const [id, channel] of await channelsRead) row(id).preferredChannel = channel;
  return { rows: [...rows.values()], model, modelError };
}

/** The columns written, their types and how each is read from a row. */
const COLUMNS: readonly (readonly [string, string, (r: ScoreRow) => string | number | null])[] = [
  ['person_id', 'uuid', (r) => r.personId],
  ['rfm_recency_days', 'integer', (r) => r.recencyDays],
  ['rfm_frequency', 'integer', (r) => r.frequency],
  ['rfm_monetary', 'numeric', (r) => money(r.monetary)],
  ['rfm_r', 'smallint', (r) => r.r],
  ['rfm_f', 'smallint', (r) => r.f],
  ['rfm_m', 'smallint', (r) => r.m],
  ['rfm_segment', 'text', (r) => r.segment],
  ['clv', 'float8', (r) => money(r.clv)],
  ['p_alive', 'float8', (r) => probability(r.pAlive)],
  ['churn_risk', 'float8', (r) => probability(r.churnRisk)],
  ['expected_purchases', 'float8', (r) => finite(r.expectedPurchases)],
  ['preferred_channel', 'text', (r) => r.preferredChannel],
  ['profit', 'numeric', (r) => money(r.profit)],
  ['profit_decile', 'smallint', (r) => r.profitDecile],
];

/**
 * One column of a chunk as an array literal. Ids and numbers never need quoting, so they skip
 * `arrayLiteral`'s per-element checks (a million rows of fifteen columns); text goes through it.
 */
function columnLiteral(
  chunk: readonly ScoreRow[],
  type: string,
  value: (r: ScoreRow) => string | number | null,
) {
  if (type === 'text') return arrayLiteral(chunk.map(value));
  return bracketed(
    chunk,
    (r) => {
      const v = value(r);
      return v === null ? 'NULL' : String(v);
    },
    '{',
    '}',
  );
}

function finite(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : v;
}

/** Cents precision, and null for a non-finite number (a NaN never reaches a numeric column). */
function money(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : Math.round(v * 100) / 100;
}

/** Clamped to [0, 1] (rounding can leave 1 − P a hair outside), null when not finite. */
function probability(v: number | null): number | null {
  return v === null || !Number.isFinite(v) ? null : Math.min(1, Math.max(0, v));
}

/** Rows per insert statement: one array parameter per column, so a statement stays a few megabytes. */
const CHUNK = 20_000;

/**
 * Replaces the workspace's scores (see `replaceWorkspaceScores`): the rows are inserted into a
 * fresh table as `unnest`ed column arrays, one statement per 20,000 rows, then swapped in. People
 * deleted or merged away since the scores were computed are skipped. (No progress callback inside:
 * on the embedded database the pool has one connection, held by this transaction.)
 */
export async function writeCustomerScores(
  db: Db,
  workspaceId: string,
  rows: readonly ScoreRow[],
): Promise<number> {
  return replaceWorkspaceScores(db, workspaceId, async (trx, table) => {
    // The next chunk's arrays are built while the database inserts the previous one.
    let written = 0;
    let pending: Promise<number> = Promise.resolve(0);
    for (let start = 0; start < rows.length; start += CHUNK) {
      const statement = insertChunk(table, workspaceId, rows.slice(start, start + CHUNK));
      written += await pending;
      pending = statement.execute(trx).then((r) => Number(r.numAffectedRows ?? 0));
    }
    written += await pending;
    // Once for all chunks: one anti-join instead of a semi-join of people per statement.
    const { numAffectedRows } = await sql`
      delete from ${sql.table(table)} s
      where not exists (select 1 from people p where p.workspace_id = ${workspaceId} and p.id = s.person_id)`.execute(
      trx,
    );
    return written - Number(numAffectedRows ?? 0);
  });
}

function insertChunk(table: string, workspaceId: string, chunk: readonly ScoreRow[]) {
  const arrays = COLUMNS.map(
    ([, type, value]) => sql`${columnLiteral(chunk, type, value)}::${sql.raw(type)}[]`,
  );
  const names = sql.join(COLUMNS.map(([name]) => sql.ref(name)));
  return sql`
    insert into ${sql.table(table)} (workspace_id, ${names}, computed_at)
    select ${workspaceId}::uuid, u.*, now()
    from unnest(${sql.join(arrays)}) as u(${names})`;
}

/** A person's scores as the 360 view shows them. */
export interface PersonScores {
  personId: string;
  /** When the scores were computed; null when the recompute job has not scored this person yet. */
  computedAt: string | null;
  rfm: {
    recencyDays: number | null;
    frequency: number | null;
    monetary: number | null;
    r: number | null;
    f: number | null;
    m: number | null;
    segment: string | null;
  };
  clv: number | null;
  pAlive: number | null;
  churnRisk: number | null;
  expectedPurchases: number | null;
  preferredChannel: string | null;
  profit: number | null;
  profitDecile: number | null;
}

/** The scores written onto a person by the last recompute (404 when no such person is visible). */
export async function getPersonScores(db: Db, actor: Principal, personId: string): Promise<PersonScores> {
  authorize(actor, 'analytics', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const { rows: people } = await sql<{ owner_id: string | null; team_id: string | null }>`
      select owner_id, team_id from people where workspace_id = ${actor.workspaceId} and id = ${personId}`.execute(
      trx,
    );
    const person = people[0];
    if (!person) throw notFound('Person');
    authorize(actor, 'people', 'read', { ownerId: person.owner_id, ownerTeamId: person.team_id });
    const { rows } = await sql<Record<string, number | string | Date | null>>`
      select * from customer_scores where workspace_id = ${actor.workspaceId} and person_id = ${personId}`.execute(
      trx,
    );
    const s = rows[0] ?? {};
    const num = (k: string) => (s[k] === null || s[k] === undefined ? null : Number(s[k]));
    const text = (k: string) => (s[k] === null || s[k] === undefined ? null : String(s[k]));
    return {
      personId,
      computedAt: s.computed_at ? new Date(s.computed_at as Date).toISOString() : null,
      rfm: {
        recencyDays: num('rfm_recency_days'),
        frequency: num('rfm_frequency'),
        monetary: num('rfm_monetary'),
        r: num('rfm_r'),
        f: num('rfm_f'),
        m: num('rfm_m'),
        segment: text('rfm_segment'),
      },
      clv: num('clv'),
      pAlive: num('p_alive'),
      churnRisk: num('churn_risk'),
      expectedPurchases: num('expected_purchases'),
      preferredChannel: text('preferred_channel'),
      profit: num('profit'),
      profitDecile: num('profit_decile'),
    };
  });
}
