import { spawn } from 'node:child_process';
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
  /** Where it listens (a random loopback port). */
  url: string;
  pid: number;
  /** What it printed so far. */
  output(): string;
  /** Stops it as an operator would (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * `rapport serve --no-demo` in a process of its own (node + tsx, as the binary runs), on a random
 * loopback port, with `env` over this process's environment (DATABASE_URL for a server database):
 * for tests where separate processes are the subject.
 */
export async function spawnServer(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [RAPPORT_BIN, 'serve', '--no-demo'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += String(chunk);
      const started = /Rapport is running on (http:\/\/\S+)/.exec(output);
      if (started) {
        clearTimeout(timer);
        resolve(started[1]!);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
