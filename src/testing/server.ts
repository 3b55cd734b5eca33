import { loadConfig } from '../config';
import { startRapport } from '../api/index';
import { createUser, createWorkspace, SYSTEM_PRINCIPAL } from '../platform/index';
import { createTestDatabase } from './db';
import { checkResponseSchemas } from './response-check';

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
    prepareApp: checkResponseSchemas,
  });
  return { url: running.url, close: running.close, demo: { ...TEST_LOGIN }, database };
}
