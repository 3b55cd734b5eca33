import { spawn } from 'node:child_process';
import net from 'node:net';
import { loadConfig } from '../config';
import { startRapport } from '../api/index';
import { createUser, createWorkspace, SYSTEM_PRINCIPAL } from '../platform/index';
import { RAPPORT_BIN } from './cli';
import { createTestDatabase } from './db';

export const TEST_LOGIN = { workspace: 'demo', email: 'demo@rapport.dev', password: 'rapport-demo' } as const;

/** The whole server on a random loopback port with a fresh in-memory database holding the demo login. */
export async function startTestServer() {
  const database = await createTestDatabase('pglite');
  const ws = await createWorkspace(database.db, { slug: TEST_LOGIN.workspace, name: 'Demo Retail' });
  await createUser(database.db, SYSTEM_PRINCIPAL(ws.id), {
    email: TEST_LOGIN.email,
    name: 'Dana Demo',
    role: 'admin',
    password: TEST_LOGIN.password,
  });
  const running = await startRapport({
    config: loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
    database,
  });
  return { url: running.url, close: running.close, demo: { ...TEST_LOGIN }, database };
}

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `rapport serve --no-demo` in a child process of its own (node + tsx, as deployed) on a free loopback
 * port, with `env` over this process's environment (DATABASE_URL: a database another process uses).
 */
export async function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [RAPPORT_BIN, 'serve', '--no-demo'], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (const started = Date.now(); ; ) {
    if (child.exitCode !== null) throw new Error(`rapport serve exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() - started > 180_000) {
      child.kill('SIGKILL');
      throw new Error(`rapport serve did not answer within 180 s: ${stderr}`);
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid as number,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    server.on('error', reject);
  });
}
