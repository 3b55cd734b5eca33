import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createServerDatabase, migrate, openDatabase } from '../src/db/index';
import { DEMO_LOGIN, resolveCustomers, seedWorkspace } from '../src/demo/index';
import { benchApiFloor } from './api-floor';
import { loadFigures, runLoad } from './load';
import { seedProgress } from './seed-progress';
import { type Figure, measure } from './stats';
import { AUTH_READ, MIXED_LOAD } from './targets';

const run = promisify(execFile);
const BIN = path.resolve('bin/rapport.js');

interface Target {
  label: 'pglite' | 'postgres';
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function embeddedTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-'));
  return {
    label: 'pglite',
    env: { RAPPORT_DATA_DIR: dir, LOG_LEVEL: 'silent' },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export async function serverTarget(adminUrl: string): Promise<Target> {
  const server = await createServerDatabase(adminUrl, 'rapport_bench');
  return {
    label: 'postgres',
    env: { DATABASE_URL: server.url, LOG_LEVEL: 'silent' },
    cleanup: server.drop,
  };
}

async function cli(target: Target, args: string[], input?: string): Promise<string> {
  const child = run(process.execPath, [BIN, ...args], { env: { ...process.env, ...target.env } });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return (await child).stdout.trim();
}

interface RunningServer {
  url: string;
  ms: number;
  child: ChildProcess;
}

async function startServer(target: Target, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--no-demo'], {
    env: { ...process.env, ...target.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { url, ms: performance.now() - started, child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const CORES = os.cpus().length;
/** Seconds per autocannon run. */
const DURATION = 5;

/**
 * Start-up time to a healthy /api/health, and the authenticated read's throughput, latency and CPU
 * per request on loopback: `GET /api/users/:id` with an API token, 10 connections, as served (the
 * default log level, info, with the log going nowhere) and without a log.
 */
export async function benchServer(target: Target, runs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  const database =
    target.label === 'postgres' && target.env.DATABASE_URL
      ? await openDatabase({ kind: 'postgres', url: target.env.DATABASE_URL, poolSize: 1 })
      : undefined;
  try {
    await cli(target, ['workspace', 'create', '--slug', 'bench', '--name', 'Bench']);
    await cli(
      target,
      [
        'user',
        'create',
        '--workspace',
        'bench',
        '--email',
        'bench@rapport.dev',
        '--role',
        'admin',
        '--password-stdin',
      ],
      'bench password 123\n',
    );
    const token = await cli(target, [
      'token',
      'create',
      '--workspace',
      'bench',
      '--email',
      'bench@rapport.dev',
    ]);

    const startup = await measure(runs, async () => {
      const { ms, child } = await startServer(target);
      await stopServer(child);
      return ms;
    });
    figures.push({
      name: `server start-up to healthy, migrated database [${target.label}]`,
      value: startup.median,
      unit: 'ms',
      runs,
    });

    for (const logLevel of ['silent', 'info'] as const) {
      const { url, child } = await startServer(target, { LOG_LEVEL: logLevel });
      try {
        const headers = { authorization: `Bearer ${token}` };
        const users = (await (await fetch(`${url}/api/users`, { headers })).json()) as {
          items: { id: string }[];
        };
        const options = {
          url: `${url}/api/users/${users.items[0]?.id}`,
          connections: 10,
          duration: DURATION,
          headers,
        };
        // Warm-up: the JIT (PGlite's WebAssembly too: a second was not enough), plans, the caller cache.
        await autocannon({ ...options, duration: 3 });
        const results = [];
        for (let i = 0; i < runs; i++) results.push(await runLoad(options, child.pid, database));
        const label =
          logLevel === 'info'
            ? AUTH_READ
            : 'authenticated GET /api/users/:id, 10 connections, no request log';
        figures.push(...loadFigures(`${label} [${target.label}]`, results, CORES));
      } finally {
        await stopServer(child);
      }
    }
    // What the same stack does with nothing of Rapport's: the floor under the figures above.
    if (database && target.env.DATABASE_URL)
      figures.push(...(await benchApiFloor(target.env.DATABASE_URL, runs)));
  } finally {
    await database?.close();
    await target.cleanup();
  }
  return figures;
}

const MIX_PARTS = [
  'search by name',
  'search by email',
  'search by phone',
  'customer 360',
  'interaction recorded',
] as const;
type MixPart = (typeof MIX_PARTS)[number];

interface MixSample {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
}

/**
 * The mixed load of a front office on the medium data set (100k customers) on a PostgreSQL server:
 * 40% searches (a name, an email or a phone, as agents type them), 40% customer 360s, 20% interactions
 * recorded (POST /api/interactions, each with its own idempotency key), over 10 connections with
 * an API token. Seeds the set into a new database on the server first (a few minutes, with progress).
 */
export async function benchMixedLoad(
  adminUrl: string,
  runs: number,
  log: (line: string) => void,
): Promise<Figure[]> {
  const target = await serverTarget(adminUrl);
  const url = target.env.DATABASE_URL as string;
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  try {
    await migrate(database.db);
    const customers = resolveCustomers('medium');
    const progress = seedProgress(customers, log);
    const seeded = await seedWorkspace(database, {
      size: 'medium',
      workspaceSlug: 'medium',
      workspaceName: 'Benchmark (medium)',
      endDate: new Date('2026-01-01T00:00:00Z'),
      onProgress: progress.onProgress,
    }).finally(() => progress.stop());
    log(`seeded the medium set in ${(seeded.elapsedMs / 1000).toFixed(0)} s`);
    await sql`vacuum analyze`.execute(database.db);
    const token = await cli(target, [
      'token',
      'create',
      '--workspace',
      'medium',
      '--email',
      DEMO_LOGIN.email,
    ]);
    const { rows: samples } = await sql<MixSample>`
      select p.id, p.display_name as name,
        (select i.value from identities i where i.workspace_id = p.workspace_id and i.person_id = p.id
           and i.kind = 'phone' limit 1) as phone,
        (select i.value from identities i where i.workspace_id = p.workspace_id and i.person_id = p.id
           and i.kind = 'email' limit 1) as email
      from people p where p.workspace_id = ${seeded.workspaceId}
      order by random() limit 2000`.execute(database.db);

    const { url: base, child } = await startServer(target, { LOG_LEVEL: 'info' });
    try {
      let n = 0;
      const pick = () => samples[Math.floor(Math.random() * samples.length)] as MixSample;
      const auth = `Bearer ${token}`;
      const search = (q: string) => ({
        method: 'GET' as const,
        path: `/api/search?q=${encodeURIComponent(q)}`,
      });
      // Each request gets its own headers: autocannon keeps the object a request returns and adds the
      // Content-Length of a POST to it, which a later GET would then send without a body (a 400 from
      // the server's HTTP parser, and the next request read as that body).
      const requestOf = (kind: MixPart, i: number, s: MixSample) => {
        switch (kind) {
          case 'search by name':
            return { headers: { authorization: auth }, body: undefined, ...search(s.name) };
          case 'search by email':
            return { headers: { authorization: auth }, body: undefined, ...search(s.email ?? s.name) };
          case 'search by phone':
            return { headers: { authorization: auth }, body: undefined, ...search(s.phone ?? s.name) };
          case 'customer 360':
            return {
              headers: { authorization: auth },
              method: 'GET' as const,
              path: `/api/people/${s.id}/360`,
              body: undefined,
            };
          case 'interaction recorded':
            return {
              headers: { authorization: auth, 'content-type': 'application/json' },
              method: 'POST' as const,
              path: '/api/interactions',
              body: JSON.stringify({
                idempotencyKey: `mix-${process.pid}-${i}`,
                channel: 'phone',
                type: 'call',
                direction: 'inbound',
                occurredAt: new Date().toISOString(),
                personId: s.id,
                summary: 'Asked about an order',
              }),
            };
        }
      };
      // Of every 5 requests: 2 searches (by name, email and phone in turn), 2 customer 360s, 1 write.
      const mixed = (i: number): MixPart =>
        i % 5 === 4
          ? 'interaction recorded'
          : i % 5 === 1 || i % 5 === 3
            ? 'customer 360'
            : ((['search by name', 'search by email', 'search by phone'] as const)[
                (Math.floor(i / 5) + (i % 5 === 2 ? 1 : 0)) % 3
              ] as MixPart);
      const refused: string[] = [];
      const onResponse = (status: number, body: string) => {
        if ((status < 200 || status >= 300) && refused.length < 3)
          refused.push(`${status} ${body.slice(0, 200)}`);
      };
      const load = (part: (i: number) => MixPart, duration: number): autocannon.Options => ({
        url: base,
        connections: 10,
        duration,
        requests: [
          {
            setupRequest: (request: autocannon.Request) => {
              const i = n++;
              return { ...request, ...requestOf(part(i), i, pick()) };
            },
            onResponse,
          },
        ],
      });
      await autocannon(load(mixed, 2)); // warm-up
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await runLoad(load(mixed, DURATION), child.pid, database));
      const figures = loadFigures(MIXED_LOAD, results, CORES);
      // Where the CPU goes: each part of the mix alone, briefly (one run each).
      for (const part of MIX_PARTS) {
        const r = await runLoad(
          load(() => part, 3),
          child.pid,
          database,
        );
        figures.push({
          name: `mixed load, one part alone: ${part}, 10 connections [postgres, medium]: CPU per request, server process + database backends`,
          value: r.cpuMsPerRequest.server + (r.cpuMsPerRequest.database ?? 0),
          unit: 'ms',
          runs: 1,
          note: `server ${r.cpuMsPerRequest.server} ms, database ${r.cpuMsPerRequest.database} ms; ${Math.round(r.requestsPerSecond)} req/s, p99 ${r.p99} ms`,
        });
      }
      for (const r of refused) log(`refused under the mixed load: ${r}`);
      return figures;
    } finally {
      await stopServer(child);
    }
  } finally {
    await database.close();
    await target.cleanup();
  }
}
