import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { createPerson } from '../src/customers/index';
import type { Database } from '../src/db/index';
import { resolveApiToken } from '../src/platform/index';
import { createApiToken, createUser, createWorkspace, SYSTEM_PRINCIPAL } from '../src/platform/index';
import { createTestDatabase, testDatabaseKinds } from '../src/testing/db';
import { connectEventStream } from '../src/testing/sse-client';

/** Where to send calls and whose stream to watch: a running Rapport server. */
export interface ScreenPopTarget {
  baseUrl: string;
  /** API token of the phone system integration (may create interactions). */
  phoneSystemToken: string;
  agentEmail: string;
  agentToken: string;
  /** A number that belongs to a known person, in any format. */
  knownNumber: string;
}

export interface ScreenPopFigures {
  calls: number;
  /** POST sent → `call` event read from the agent's stream, over real HTTP on loopback (ms). */
  popP50: number;
  popP99: number;
  popMax: number;
  /** POST sent → POST answered (ms). */
  answerP50: number;
  answerP99: number;
}

/**
 * Screen-pop latency: with the agent's event stream open (a real HTTP client reading
 * text/event-stream), posts `calls` incoming calls, alternating a known caller (looked up, call
 * logged on the timeline) and unknown numbers ("new caller"), and times each from the moment the
 * POST is sent to the moment its `call` event has been read from the stream.
 */
export async function benchScreenPop(target: ScreenPopTarget, calls = 200): Promise<ScreenPopFigures> {
  const stream = await connectEventStream(`${target.baseUrl}/api/events`, {
    authorization: `Bearer ${target.agentToken}`,
  });
  if (stream.status !== 200) throw new Error(`GET /api/events answered ${stream.status}`);
  const pop: number[] = [];
  const answer: number[] = [];
  try {
    for (let i = 0; i < calls + 10; i++) {
      const from =
        i % 2 === 0 ? target.knownNumber : `+1 646 555 ${String(1000 + (i % 9000)).padStart(4, '0')}`;
      const started = performance.now();
      const response = await fetch(`${target.baseUrl}/api/telephony/calls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.phoneSystemToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from, to: '+18005550199', agent: target.agentEmail }),
      });
      const answered = performance.now();
      if (!response.ok)
        throw new Error(`POST /api/telephony/calls answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      const event = await stream.next('call', 10_000);
      if (i < 10) continue; // warm-up
      pop.push(event.receivedAt - started);
      answer.push(answered - started);
    }
  } finally {
    stream.close();
  }
  const p = percentiles(pop);
  const a = percentiles(answer);
  return { calls, popP50: p.p50, popP99: p.p99, popMax: p.max, answerP50: a.p50, answerP99: a.p99 };
}

/**
 * Screen pop inside an existing (seeded) workspace: a phone-system user and an agent are added to
 * it, and the known caller is one of its own people (a random one with a phone), so each call is
 * looked up among all of that workspace's people and identities.
 */
export async function setupScreenPopIn(
  database: Database,
  baseUrl: string,
  workspaceId: string,
): Promise<ScreenPopTarget> {
  const system = SYSTEM_PRINCIPAL(workspaceId);
  const tag = `pop${Date.now()}`;
  const pbx = await createUser(database.db, system, {
    email: `pbx-${tag}@bench.example.com`,
    name: 'Phone system',
    role: 'admin',
    password: 'correct horse battery',
  });
  const agentEmail = `agent-${tag}@bench.example.com`;
  const agent = await createUser(database.db, system, {
    email: agentEmail,
    name: 'Agent',
    role: 'service',
    password: 'correct horse battery',
  });
  const { token: phoneSystemToken } = await createApiToken(database.db, system, {
    name: 'pbx',
    userId: pbx.id,
  });
  const { token: agentToken } = await createApiToken(database.db, system, {
    name: 'agent',
    userId: agent.id,
  });
  const { rows } = await sql<{ value: string }>`
    select value from identities
    where workspace_id = ${workspaceId} and kind = 'phone'
    order by random() limit 1`.execute(database.db);
  const known = rows[0]?.value;
  if (!known) throw new Error('the workspace has no phone identities to call from');
  const phone = parsePhoneNumberFromString(known);
  return {
    baseUrl,
    phoneSystemToken,
    agentEmail,
    agentToken,
    knownNumber: phone
      ? phone.country === 'US'
        ? phone.formatNational()
        : phone.formatInternational()
      : known,
  };
}

/** A workspace with a phone-system token, an agent and one known caller, for `benchScreenPop`. */
export async function setupScreenPop(database: Database, baseUrl: string, slug = `pop-${Date.now()}`) {
  const ws = await createWorkspace(database.db, { slug, name: 'Screen pop benchmark' });
  const system = SYSTEM_PRINCIPAL(ws.id);
  const admin = await createUser(database.db, system, {
    email: `pbx@${slug}.example.com`,
    name: 'Phone system',
    role: 'admin',
    password: 'correct horse battery',
  });
  const agentEmail = `agent@${slug}.example.com`;
  const agent = await createUser(database.db, system, {
    email: agentEmail,
    name: 'Agent',
    role: 'service',
    password: 'correct horse battery',
  });
  const { token: phoneSystemToken } = await createApiToken(database.db, system, {
    name: 'pbx',
    userId: admin.id,
  });
  const principal = await resolveApiToken(database.db, phoneSystemToken);
  const { token: agentToken } = await createApiToken(database.db, principal!, {
    name: 'agent',
    userId: agent.id,
  });
  await createPerson(database.db, system, {
    firstName: 'Ann',
    lastName: 'Caller',
    phones: ['+1 415 555 0100'],
  });
  return { baseUrl, phoneSystemToken, agentEmail, agentToken, knownNumber: '(415) 555-0100' };
}

function percentiles(ms: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...ms].sort((x, y) => x - y);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? Number.NaN) };
}

/**
 * `node --import tsx src/telephony/bench.ts [calls]`: the whole HTTP server on a loopback port over a
 * fresh database on the server at TEST_DATABASE_URL (dropped afterwards), else an in-memory embedded one.
 */
async function main(): Promise<void> {
  const calls = Number(process.argv[2] ?? 200);
  const database = await createTestDatabase(testDatabaseKinds.at(-1) ?? 'pglite');
  // The CLI entry composes the HTTP layer like `rapport serve` does; benchScreenPop itself is HTTP-only.
  const { buildApp } = await import('../src/api/index');
  const app = await buildApp({ database, webDist: '/nonexistent' });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const figures = await benchScreenPop(await setupScreenPop(database, baseUrl), calls);
    process.stdout.write(`${JSON.stringify({ kind: database.kind, ...figures }, null, 2)}\n`);
  } finally {
    await app.close();
    await database.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
