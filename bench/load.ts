import fs from 'node:fs';
import autocannon from 'autocannon';
import { BackendCpu, type Database } from '../src/db/index';
import { type Figure, median } from './stats';

/** One autocannon run with the CPU each side spent on it. */
export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  p999: number;
  requests: number;
  errors: number;
  /** CPU milliseconds per request: the server process, the database backends (server kind), autocannon. */
  cpuMsPerRequest: { server: number; database: number | null; client: number };
}

/** CPU seconds a local process has used so far (from /proc), or undefined when it cannot be read. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Runs autocannon against a server process, and reads the CPU the server process, the database's
 * backends (when `database` is a local PostgreSQL server) and this process (autocannon) used: on a
 * machine shared with other work the rate moves with the load, the CPU per request much less.
 */
export async function runLoad(
  options: autocannon.Options,
  serverPid: number | undefined,
  database?: Database,
): Promise<LoadResult> {
  const backends = database ? new BackendCpu(database) : undefined;
  await backends?.sample();
  const server0 = processCpuSeconds(serverPid);
  const client0 = process.cpuUsage();
  const sampling = backends ? setInterval(() => void backends.sample(), 500) : undefined;
  let result: autocannon.Result;
  try {
    result = await autocannon(options);
  } finally {
    if (sampling) clearInterval(sampling);
  }
  await backends?.sample();
  const client = process.cpuUsage(client0);
  const server1 = processCpuSeconds(serverPid);
  const requests = Math.max(1, result.requests.total);
  const perRequest = (seconds: number) => Math.round(((seconds * 1000) / requests) * 1000) / 1000;
  const database_ = backends?.seconds();
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx,
    cpuMsPerRequest: {
      server: server0 !== undefined && server1 !== undefined ? perRequest(server1 - server0) : Number.NaN,
      database: database_ === null || database_ === undefined ? null : perRequest(database_),
      client: perRequest((client.user + client.system) / 1e6),
    },
  };
}

/**
 * The figures of repeated runs (medians): rate, p50 and p99 latency, the CPU per request on each
 * side, and the rate that CPU allows on this machine when nothing else runs: the server process is
 * one thread (at most one core), and server, database and load generator share the cores.
 */
export function loadFigures(label: string, results: LoadResult[], cores: number): Figure[] {
  const runs = results.length;
  const m = (pick: (r: LoadResult) => number) => median(results.map(pick));
  const errors = results.reduce((n, r) => n + r.errors, 0);
  const server = m((r) => r.cpuMsPerRequest.server);
  const database =
    results[0]?.cpuMsPerRequest.database === null ? null : m((r) => r.cpuMsPerRequest.database ?? 0);
  const client = m((r) => r.cpuMsPerRequest.client);
  const total = server + (database ?? 0) + client;
  const bound = Math.min(1000 / server, (cores * 1000) / total);
  const figures: Figure[] = [
    { name: `${label}: requests/s`, value: m((r) => r.requestsPerSecond), unit: 'req/s', runs },
    { name: `${label}: p50 latency`, value: m((r) => r.p50), unit: 'ms', runs },
    {
      name: `${label}: p99 latency`,
      value: m((r) => r.p99),
      unit: 'ms',
      runs,
      note: `${m((r) => r.requests).toLocaleString('en-US')} requests a run${errors ? `; ${errors} errors or non-2xx` : ''}`,
    },
    { name: `${label}: CPU per request, server process`, value: server, unit: 'ms', runs },
  ];
  if (database !== null)
    figures.push({ name: `${label}: CPU per request, database backends`, value: database, unit: 'ms', runs });
  figures.push(
    { name: `${label}: CPU per request, load generator (autocannon)`, value: client, unit: 'ms', runs },
    {
      name: `${label}: rate the measured CPU allows on an idle ${cores}-core machine`,
      value: Math.round(bound),
      unit: 'req/s',
      runs,
      note: `min(1 core / server, ${cores} cores / (server + database + load generator))`,
    },
  );
  return figures;
}
