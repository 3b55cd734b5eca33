import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { pathToFileURL } from 'node:url';
import { buildApp } from '../src/api/index';
import type { Database, DatabaseKind } from '../src/db/index';
import { BackendCpu } from '../src/db/index';
import { openScratchDatabase } from '../src/db/index';
import { type BulkResult, resolveApiToken } from '../src/platform/index';
import { createApiToken, createUser, createWorkspace, SYSTEM_PRINCIPAL } from '../src/platform/index';
import { type Channel, ingestInteractions } from '../src/interactions/index';

export interface IngestBenchOptions {
  kind: DatabaseKind;
  /** A PostgreSQL URL allowed to create a throwaway database (the server kind only). */
  adminUrl?: string;
  /** A migrated, empty database to use instead (the caller closes it). */
  database?: Database;
  /** Timed batches posted to /api/interactions/bulk. Default 10. */
  batches?: number;
  /** Items per batch. Default 10,000. */
  batchSize?: number;
  /** People loaded (through the same endpoint, untimed) before timing. Default 20,000. */
  knownPeople?: number;
  /** Share of items from a known person (the rest bring new identifiers, so a person is created). Default 0.8. */
  knownShare?: number;
  /** Batches in flight at once. Default 2. */
  concurrency?: number;
  /** 'http' (default): POST to the in-process server; 'service': call ingestInteractions directly. */
  via?: 'http' | 'service';
  /**
   * Ingest into this existing (seeded) workspace of `database` instead of a new one: the known
   * people are its own (items carry emails and phones drawn from its identities), so identity
   * resolution runs against all of them; nothing is loaded first.
   */
  workspaceId?: string;
}

export interface IngestBenchResult {
  kind: DatabaseKind;
  via: 'http' | 'service';
  items: number;
  batchSize: number;
  concurrency: number;
  seconds: number;
  /** Interactions committed per second through POST /api/interactions/bulk, identity resolution on. */
  itemsPerSecond: number;
  batchMsP50: number;
  batchMsMax: number;
  created: number;
  peopleCreated: number;
  /**
   * CPU seconds spent per 10,000 items by this process (HTTP, JSON, checks) and by the database
   * backends (read from /proc when the server is local): robust to other load on the machine, so
   * `10_000 / max(app, database)` bounds the rate on an idle machine with one core for each.
   */
  cpuSecondsPer10k: { app: number; database: number | null };
}

/**
 * Posts batches of interactions to `POST /api/interactions/bulk` of an in-process server (the real
 * app, over HTTP on a random port) with identity resolution on: most items come from known people
 * (by email, some also bringing a new phone), the rest from new ones. Request bodies are built before
 * the clock starts. Run: `npx tsx src/interactions/bench.ts postgres postgres://...` or `... pglite`.
 */
export async function benchIngest(options: IngestBenchOptions): Promise<IngestBenchResult> {
  const batches = options.batches ?? 10;
  const batchSize = options.batchSize ?? 10_000;
  const knownPeople = options.knownPeople ?? 20_000;
  const knownShare = options.knownShare ?? 0.8;
  const concurrency = options.concurrency ?? 2;
  const via = options.via ?? 'http';
  const target = await openTarget(options);
  const app = await buildApp({ database: target.database, webDist: '/nonexistent' });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/interactions/bulk`;
    const { token } = await adminToken(target.database, options.workspaceId);
    const actor = await resolveApiToken(target.database.db, token);
    if (!actor) throw new Error('bench token does not resolve');
    const post = async (body: string): Promise<BulkResult> => {
      if (via === 'service') return ingestInteractions(target.database.db, actor, JSON.parse(body));
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 200) throw new Error(`bulk answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as BulkResult;
    };

    let known: (n: number) => Record<string, string>;
    if (options.workspaceId) {
      const identities = await sampleIdentities(target.database, options.workspaceId, knownPeople);
      known = (n) => identities[(n * 7919) % identities.length] as Record<string, string>;
    } else {
      for (let start = 0; start < knownPeople; start += batchSize) {
        const n = Math.min(batchSize, knownPeople - start);
        await post(JSON.stringify({ items: Array.from({ length: n }, (_, i) => warmItem(start + i)) }));
      }
      known = (n) => knownIdentifiers(n, knownPeople);
    }
    const bodies = Array.from({ length: batches }, (_, b) =>
      JSON.stringify({
        items: Array.from({ length: batchSize }, (_, i) => timedItem(b, i, knownShare, known)),
      }),
    );
    const before = await countPeople(target.database);
    const backends = new BackendCpu(target.database);
    await backends.sample();
    const appCpu0 = process.cpuUsage();
    const latencies: number[] = [];
    let created = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const t = performance.now();
          const answer = await post(body);
          latencies.push(performance.now() - t);
          created += answer.created;
          await backends.sample();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const appCpu = process.cpuUsage(appCpu0);
    await backends.sample();
    const dbCpu = backends.seconds();
    const per10k = 10_000 / (batches * batchSize);
    latencies.sort((a, b) => a - b);
    return {
      kind: options.kind,
      via,
      items: batches * batchSize,
      batchSize,
      concurrency,
      seconds: round(seconds),
      itemsPerSecond: Math.round((batches * batchSize) / seconds),
      batchMsP50: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0),
      batchMsMax: Math.round(latencies.at(-1) ?? 0),
      created,
      peopleCreated: (await countPeople(target.database)) - before,
      cpuSecondsPer10k: {
        app: round(((appCpu.user + appCpu.system) / 1e6) * per10k),
        database: dbCpu === null ? null : round(dbCpu * per10k),
      },
    };
  } finally {
    await app.close();
    await target.close();
  }
}

const CHANNELS = [
  'web',
  'email',
  'phone',
  'sms',
  'chat',
  'mobile_app',
  'store',
] as const satisfies readonly Channel[];
const TYPES = ['page_view', 'visit', 'message', 'call', 'inquiry'] as const;

function warmItem(i: number) {
  return {
    idempotencyKey: `warm-${i}`,
    channel: 'web',
    type: 'visit',
    occurredAt: '2025-06-01T10:00:00Z',
    identifiers: { email: `person${i}@example.com`, externalId: `shop:${i}`, name: `Person ${i}` },
  };
}

/** A known person of the warmed workspace, by email (sometimes with a new phone) or external id. */
function knownIdentifiers(n: number, knownPeople: number): Record<string, string> {
  const person = (n * 7919) % knownPeople;
  return n % 10 === 0
    ? {
        email: `Person${person}@Example.com`,
        phone: `+1 415 ${String(2_000_000 + (n % 7_000_000)).padStart(7, '0')}`,
      }
    : n % 2 === 0
      ? { email: `person${person}@example.com` }
      : { externalId: `shop:${person}` };
}

function timedItem(
  batch: number,
  i: number,
  knownShare: number,
  known: (n: number) => Record<string, string>,
) {
  const n = batch * 1_000_003 + i;
  const isKnown = (Math.imul(n, 2_654_435_761) >>> 0) % 1000 < knownShare * 1000;
  const identifiers = isKnown ? known(n) : { email: `new-${batch}-${i}-${process.pid}@example.com` };
  return {
    idempotencyKey: `bench-${process.pid}-${Date.now()}-${batch}-${i}`,
    channel: CHANNELS[n % CHANNELS.length],
    type: TYPES[n % TYPES.length],
    direction: n % 3 === 0 ? 'outbound' : 'inbound',
    occurredAt: new Date(Date.UTC(2025, 0, 1) + (n % 31_536_000) * 1000).toISOString(),
    identifiers,
    summary: `Bench interaction ${n}`,
    metadata: { page: `/p/${n % 500}` },
  };
}

/** Emails and phones of `n` random people of a workspace, as items would carry them. */
async function sampleIdentities(database: Database, workspaceId: string, n: number) {
  const { rows } = await sql<{ kind: string; value: string }>`
    select kind, value from identities
    where workspace_id = ${workspaceId} and kind in ('email', 'phone')
    order by random() limit ${n}`.execute(database.db);
  if (rows.length === 0) throw new Error('the workspace has no email or phone identities');
  return rows.map((r) => ({ [r.kind]: r.value }));
}

async function openTarget(
  options: IngestBenchOptions,
): Promise<{ database: Database; close(): Promise<void> }> {
  if (options.database) return { database: options.database, close: async () => undefined };
  return openScratchDatabase(options.kind, { adminUrl: options.adminUrl, prefix: 'rapport_ingest_bench' });
}

async function adminToken(
  database: Database,
  workspaceId?: string,
): Promise<{ token: string; workspaceId: string }> {
  const ws = workspaceId
    ? { id: workspaceId }
    : await createWorkspace(database.db, { slug: `ingest-bench-${Date.now()}`, name: 'Ingest bench' });
  const system = SYSTEM_PRINCIPAL(ws.id);
  const admin = await createUser(database.db, system, {
    email: `ingest-${Date.now()}@bench.example.com`,
    role: 'admin',
    password: 'correct horse battery',
  });
  const { token } = await createApiToken(database.db, system, { name: 'bench', userId: admin.id });
  return { token, workspaceId: ws.id };
}

async function countPeople(database: Database): Promise<number> {
  const { rows } = await database.pool.query<{ n: number }>('select count(*)::int as n from people');
  return rows[0]?.n ?? 0;
}

const round = (x: number) => Math.round(x * 100) / 100;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const kind = (process.argv[2] ?? 'pglite') as DatabaseKind;
  const result = await benchIngest({
    kind,
    adminUrl: process.argv[3] ?? process.env.BENCH_DATABASE_URL,
    batches: Number(process.env.BENCH_BATCHES ?? 10),
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 2),
    knownPeople: Number(process.env.BENCH_KNOWN ?? 20_000),
    via: process.env.BENCH_VIA === 'service' ? 'service' : 'http',
  });
  console.log(JSON.stringify(result, null, 2));
}
