import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { createServerDatabase } from '../src/db/index';
import { type Figure, measure, median } from './stats';

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

async function startServer(target: Target): Promise<{ url: string; ms: number; child: ChildProcess }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--no-demo'], {
    env: { ...process.env, ...target.env, PORT: String(port), HOST: '127.0.0.1' },
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

/** Start-up time to a healthy /api/health, and authenticated GET throughput and latency on loopback. */
export async function benchServer(target: Target, runs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
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

    const { url, child } = await startServer(target);
    try {
      const users = (await (
        await fetch(`${url}/api/users`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        items: { id: string }[];
      };
      const path = `/api/users/${users.items[0]?.id}`;
      const results = [];
      for (let i = 0; i < runs; i++) {
        results.push(
          await autocannon({
            url: `${url}${path}`,
            connections: 10,
            duration: 5,
            headers: { authorization: `Bearer ${token}` },
          }),
        );
      }
      const errors = results.reduce((n, r) => n + r.errors + r.non2xx, 0);
      const label = `authenticated GET ${'/api/users/:id'}, 10 connections [${target.label}]`;
      figures.push({
        name: `${label}: requests/s`,
        value: median(results.map((r) => r.requests.average)),
        unit: 'req/s',
        runs,
      });
      figures.push({
        name: `${label}: p50 latency`,
        value: median(results.map((r) => r.latency.p50)),
        unit: 'ms',
        runs,
      });
      figures.push({
        name: `${label}: p99 latency`,
        value: median(results.map((r) => r.latency.p99)),
        unit: 'ms',
        runs,
        note: errors ? `${errors} errors or non-2xx` : undefined,
      });
    } finally {
      await stopServer(child);
    }
  } finally {
    await target.cleanup();
  }
  return figures;
}
