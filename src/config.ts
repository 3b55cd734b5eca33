import net from 'node:net';
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly logLevel: LogLevel;
  /**
   * Which proxies in front of Rapport to believe about the client's address and protocol
   * (X-Forwarded-For, X-Forwarded-Proto): none (false, the default), the nearest n hops, or the
   * proxies at these addresses or ranges. A header from anyone else is ignored.
   */
  readonly trustProxy: false | number | readonly string[];
  /** Where users reach Rapport (`https://crm.example.com`): https makes every cookie Secure. */
  readonly publicUrl: string | undefined;
  /** Live event streams (GET /api/events) open at once per user, and per workspace, in one process. */
  readonly streamsPerUser: number;
  readonly streamsPerWorkspace: number;
  /** Failed logins per workspace per minute before logins from unknown devices wait. */
  readonly loginFailuresPerWorkspace: number;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads every setting from the environment once; reports all bad variables together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const port = parsePort(env.PORT, problems);
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = path.resolve(env.RAPPORT_DATA_DIR?.trim() || './.rapport');

  let databaseUrl: string | undefined = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
    databaseUrl = undefined;
  }

  const rawLevel = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  const logLevel = LOG_LEVELS.find((l) => l === rawLevel);
  if (!logLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${env.LOG_LEVEL}")`);

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const publicUrl = parsePublicUrl(env.PUBLIC_URL, problems);
  const streamsPerUser = parseCount('STREAMS_PER_USER', env.STREAMS_PER_USER, 10, problems);
  const streamsPerWorkspace = parseCount('STREAMS_PER_WORKSPACE', env.STREAMS_PER_WORKSPACE, 500, problems);
  const loginFailuresPerWorkspace = parseCount(
    'LOGIN_FAILURES_PER_WORKSPACE_PER_MINUTE',
    env.LOGIN_FAILURES_PER_WORKSPACE_PER_MINUTE,
    30,
    problems,
  );

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port,
    host,
    dataDir,
    databaseUrl,
    logLevel: logLevel ?? 'info',
    trustProxy,
    publicUrl,
    streamsPerUser,
    streamsPerWorkspace,
    loginFailuresPerWorkspace,
  });
}

/** Names proxy-addr understands besides addresses and ranges. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
  const text = raw?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops >= 1 && hops <= 10) return hops;
  }
  const entries = text.split(',').map((e) => e.trim());
  const bad = entries.filter((e) => {
    if (PROXY_NAMES.has(e)) return false;
    const [address, bits, extra] = e.split('/');
    const family = net.isIP(address ?? '');
    if (family === 0 || extra !== undefined) return true;
    if (bits === undefined) return false;
    const n = Number(bits);
    return !/^\d+$/.test(bits) || n > (family === 4 ? 32 : 128);
  });
  if (text === 'true' || bad.length > 0 || /^\d+$/.test(text)) {
    problems.push(
      'TRUST_PROXY must name the proxies in front of Rapport: a hop count from 1 to 10, or addresses and ' +
        `ranges separated by commas (e.g. 10.0.0.5,192.168.0.0/16, or loopback); got "${raw}"`,
    );
    return false;
  }
  return Object.freeze(entries);
}

function parsePublicUrl(raw: string | undefined, problems: string[]): string | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:')
      return `${url.origin}${url.pathname}`.replace(/\/$/, '');
  } catch {
    // reported below
  }
  problems.push(`PUBLIC_URL must be an http:// or https:// address (got "${raw}")`);
  return undefined;
}

function parseCount(name: string, raw: string | undefined, fallback: number, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    problems.push(`${name} must be a whole number from 1 to 1000000 (got "${raw}")`);
    return fallback;
  }
  return n;
}

function parsePort(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 3000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${raw}")`);
    return 3000;
  }
  return n;
}
