import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { type Database, type DatabaseKind, openDatabase } from '../src/db/index';
import { openScratchDatabase } from '../src/db/index';
import { opaqueUuid } from '../src/db/index';
import type { Tx } from '../src/db/index';
import type { Figure } from './stats';

/**
 * The database's floor for the rows that bulk ingest and the people import write: the same rows,
 * generated inside the database and inserted by one set-based statement per chunk, with no
 * application, no request, no checks and no identity resolution beyond one index probe. What the
 * real paths reach can only be lower; it shows how much of a target a machine can give at all.
 *
 * Each connection works in a workspace of its own, inside a transaction that is rolled back (every
 * row is still inserted, indexed, checked against its foreign keys and logged), so nothing is left.
 */
export interface FloorOptions {
  /** Connections inserting at once, each into its own workspace. */
  connections: number;
  /** Import lines per connection (each a person, three identities, a lifecycle entry, an audit row). */
  lines: number;
  /** Ingest items per connection (an interaction and its audit row; a new person for 1 in 5). */
  items: number;
}

/** Import lines and ingest items per connection. */
export const FLOOR_SIZE = { lines: 50_000, items: 50_000 };
const CHUNK = 5_000;
const KNOWN_PEOPLE = 20_000;

export async function benchInsertFloor(database: Database, options: FloorOptions): Promise<Figure[]> {
  const label = `${database.kind}, ${options.connections} connection${options.connections > 1 ? 's' : ''} at once`;
  // Ingest first: a backend keeps its foreign-key check plans, and one planned while the people table
  // was nearly empty reads all of it for every check of the 20,000 known people seeded next.
  const ingestRate = await timed(database, options.connections, options.items, ingestChunk, seedKnownPeople);
  const importRate = await timed(database, options.connections, options.lines, importChunk);
  return [
    {
      name: `database floor: a people-import line's rows by bare set-based SQL [${label}]`,
      value: importRate,
      unit: 'lines/s',
      runs: 1,
      note: `person, email, phone and external-id identities, lifecycle entry, audit row; ${options.lines.toLocaleString('en-US')} lines per connection, ${CHUNK.toLocaleString('en-US')} per statement`,
    },
    {
      name: `database floor: an ingested interaction's rows by bare set-based SQL [${label}]`,
      value: ingestRate,
      unit: 'items/s',
      runs: 1,
      note: `email probe, interaction, audit row; 1 in 5 a new person with identity, lifecycle entry and audit row; ${options.items.toLocaleString('en-US')} items per connection, ${CHUNK.toLocaleString('en-US')} per statement`,
    },
  ];
}

export type Chunk = (trx: Tx, workspaceId: string, from: number, to: number) => Promise<void>;

/** Rows per second over all connections: each fills its own workspace, then rolls back. */
async function timed(
  database: Database,
  connections: number,
  rowsEach: number,
  chunk: Chunk,
  prepare?: (trx: Tx, workspaceId: string) => Promise<void>,
): Promise<number> {
  let ready = 0;
  let release: () => void = () => undefined;
  const go = new Promise<void>((resolve) => {
    release = resolve;
  });
  const spans: { start: number; end: number }[] = [];
  const runs = Array.from({ length: connections }, () =>
    rolledBack(database, async (trx) => {
      const workspaceId = await newWorkspace(trx);
      try {
        await prepare?.(trx, workspaceId);
      } finally {
        // A connection that failed to prepare must not leave the others waiting.
        if (++ready === connections) release();
      }
      await go;
      const start = performance.now();
      for (let from = 0; from < rowsEach; from += CHUNK)
        await chunk(trx, workspaceId, from, Math.min(from + CHUNK, rowsEach) - 1);
      spans.push({ start, end: performance.now() });
    }),
  );
  await Promise.all(runs);
  const seconds = (Math.max(...spans.map((s) => s.end)) - Math.min(...spans.map((s) => s.start))) / 1000;
  return Math.round((connections * rowsEach) / seconds);
}

class RolledBack extends Error {}

/** A workspace of its own for a run (rolled back with it). */
export async function newWorkspace(trx: Tx): Promise<string> {
  const id = randomUUID();
  await sql`insert into workspaces (id, slug, name) values (${id}, ${`floor-${id}`}, 'Floor')`.execute(trx);
  return id;
}

/** Runs `fn` in a transaction that is then rolled back, whatever `fn` wrote. */
export async function rolledBack(database: Database, fn: (trx: Tx) => Promise<void>): Promise<void> {
  await database.db
    .transaction()
    .execute(async (trx) => {
      await fn(trx);
      throw new RolledBack();
    })
    .catch((e: unknown) => {
      if (!(e instanceof RolledBack)) throw e;
    });
}

/** Lines `from`..`to` of a people file: every line a new person, as `rapport import people` writes it. */
export const importChunk: Chunk = async (trx, ws, from, to) => {
  await sql`
    with src as materialized (select g, gen_random_uuid() as pid from generate_series(${from}::int, ${to}::int) g),
    p as (
      insert into people (workspace_id, id, given_name, family_name, display_name, lifecycle_stage)
      select ${ws}::uuid, pid, 'Given' || g, 'Family' || (g % 5000), 'Given' || g || ' Family' || (g % 5000),
        case when g % 7 = 0 then 'customer' else 'awareness' end
      from src),
    i as (
      insert into identities (workspace_id, person_id, kind, value, raw, source)
      select ${ws}::uuid, pid, x.kind, x.value, x.value, 'import'
      from src, lateral (values ('email', 'person' || g || '@example.com'),
        ('phone', '+1415' || lpad(g::text, 7, '0')), ('external', 'shop:' || g)) as x(kind, value)),
    l as (
      insert into lifecycle_changes (workspace_id, person_id, to_stage)
      select ${ws}::uuid, pid, case when g % 7 = 0 then 'customer' else 'awareness' end from src)
    insert into audit_log (workspace_id, actor_kind, action, object_type, object_id, changes)
    select ${ws}::uuid, 'system', 'create', 'people', pid::text,
      jsonb_build_object('given_name', jsonb_build_array(null, 'Given' || g),
        'family_name', jsonb_build_array(null, 'Family' || (g % 5000)),
        'display_name', jsonb_build_array(null, 'Given' || g || ' Family' || (g % 5000)))
    from src`.execute(trx);
};

/** The people the ingest items find by email (untimed). */
export async function seedKnownPeople(trx: Tx, ws: string): Promise<void> {
  await sql`
    with src as materialized (select g, gen_random_uuid() as pid from generate_series(0, ${KNOWN_PEOPLE - 1}::int) g),
    p as (insert into people (workspace_id, id, display_name) select ${ws}::uuid, pid, 'Person ' || g from src)
    insert into identities (workspace_id, person_id, kind, value, source)
    select ${ws}::uuid, pid, 'email', 'person' || g || '@example.com', 'ingest' from src`.execute(trx);
}

/** Items `from`..`to` of a bulk call: 4 in 5 found by email, 1 in 5 a new person. */
export const ingestChunk: Chunk = async (trx, ws, from, to) => {
  await sql`
    with src as materialized (
      select g, g % 5 = 0 as fresh, gen_random_uuid() as new_id,
        case when g % 5 = 0 then 'new-' || g || '@example.com'
          else 'person' || ((g * 7919) % ${KNOWN_PEOPLE}::int) || '@example.com' end as email
      from generate_series(${from}::int, ${to}::int) g),
    found as materialized (
      select s.g, i.person_id from src s
      join identities i on i.workspace_id = ${opaqueUuid(ws)} and i.kind = 'email' and i.value = s.email
      where not s.fresh),
    p as (insert into people (workspace_id, id, display_name) select ${ws}::uuid, new_id, email from src where fresh),
    pi as (
      insert into identities (workspace_id, person_id, kind, value, source)
      select ${ws}::uuid, new_id, 'email', email, 'ingest' from src where fresh),
    pl as (insert into lifecycle_changes (workspace_id, person_id, to_stage)
      select ${ws}::uuid, new_id, 'awareness' from src where fresh),
    pa as (
      insert into audit_log (workspace_id, actor_kind, action, object_type, object_id, changes)
      select ${ws}::uuid, 'system', 'create', 'people', new_id::text,
        jsonb_build_object('display_name', jsonb_build_array(null, email)) from src where fresh),
    ins as (
      insert into interactions (workspace_id, person_id, channel, direction, type, occurred_at, summary, metadata,
        idempotency_key, identifiers, resolution)
      select ${ws}::uuid, coalesce(f.person_id, s.new_id), 'web', 'inbound', 'page_view',
        timestamptz '2025-01-01' + make_interval(secs => s.g), 'Bench interaction ' || s.g,
        jsonb_build_object('page', '/p/' || (s.g % 500)), 'floor-' || s.g, jsonb_build_object('email', s.email),
        jsonb_build_object('by', 'email', 'created', s.fresh)
      from src s left join found f using (g)
      returning id, person_id, idempotency_key, occurred_at)
    insert into audit_log (workspace_id, actor_kind, action, object_type, object_id, changes)
    select ${ws}::uuid, 'system', 'create', 'interactions', id::text,
      jsonb_build_object('person_id', jsonb_build_array(null, person_id), 'channel', jsonb_build_array(null, 'web'),
        'type', jsonb_build_array(null, 'page_view'), 'direction', jsonb_build_array(null, 'inbound'),
        'occurred_at', jsonb_build_array(null, occurred_at), 'idempotency_key', jsonb_build_array(null, idempotency_key))
    from ins`.execute(trx);
};

/** The connection counts worth measuring: one, and one per core (the embedded database runs one statement at a time). */
export function floorConnections(kind: DatabaseKind): number[] {
  return kind === 'pglite' ? [1] : [1, Math.max(2, os.availableParallelism())];
}

/**
 * The floor on a throwaway database of `kind`, a new one for each connection count (a rolled-back run
 * leaves dead rows the next would trip over).
 */
export async function benchInsertFloorScratch(kind: DatabaseKind, adminUrl?: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const connections of floorConnections(kind)) {
    const target = await openScratchDatabase(kind, { adminUrl, prefix: 'rapport_bench_floor', poolSize: 4 });
    try {
      figures.push(...(await benchInsertFloor(target.database, { connections, ...FLOOR_SIZE })));
    } finally {
      await target.close();
    }
  }
  return figures;
}

/** Run: `npx tsx bench/floor.ts` (embedded), `... pg-admin-url` (throwaway database), `... pg-url --keep` (that database). */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.argv[2];
  let figures: Figure[];
  if (url && process.argv.includes('--keep')) {
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    try {
      figures = [];
      for (const connections of floorConnections(database.kind))
        figures.push(...(await benchInsertFloor(database, { connections, ...FLOOR_SIZE })));
    } finally {
      await database.close();
    }
  } else figures = await benchInsertFloorScratch(url ? 'postgres' : 'pglite', url);
  for (const f of figures) console.log(`${f.name}: ${f.value.toLocaleString('en-US')} ${f.unit}`);
}
