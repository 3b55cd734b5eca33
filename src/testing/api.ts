import { loadConfig } from '../config';
import type { DatabaseKind } from '../db/index';
import { buildApp } from '../api/index';
import { createApiToken, createUser, createWorkspace, SYSTEM_PRINCIPAL } from '../platform/index';
import { resolveApiToken } from '../platform/index';
import type { Api } from '../platform/index';
import { createTestDatabase, type TestDatabase } from './db';
import { checkResponseSchemas } from './response-check';

export interface TestTenant {
  workspaceId: string;
  slug: string;
  adminId: string;
  adminToken: string;
}

export interface TestApi {
  app: Api;
  database: TestDatabase;
  close(): Promise<void>;
  /** A new workspace with an admin user and that admin's API token. */
  addTenant(slug: string): Promise<TestTenant>;
  /** A user with the given role in a tenant, and an API token for it. */
  addUser(tenant: TestTenant, role: string, email?: string): Promise<{ id: string; token: string }>;
}

/** The app over a fresh database; `env` holds settings as the environment would (see src/config.ts). */
export async function createTestApi(kind: DatabaseKind, env: NodeJS.ProcessEnv = {}): Promise<TestApi> {
  const database = await createTestDatabase(kind);
  const app = await buildApp({ database, webDist: '/nonexistent', config: loadConfig(env) });
  checkResponseSchemas(app);
  await app.ready();
  const addUser = async (
    tenant: TestTenant,
    role: string,
    email = `${role}-${Math.random().toString(36).slice(2)}@example.com`,
  ) => {
    const system = SYSTEM_PRINCIPAL(tenant.workspaceId);
    const user = await createUser(database.db, system, { email, role, password: 'correct horse battery' });
    const principal = await resolveApiToken(database.db, tenant.adminToken);
    const { token } = await createApiToken(database.db, principal!, {
      name: `${role} token`,
      userId: user.id,
    });
    return { id: user.id, token };
  };
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
    addTenant: async (slug) => {
      const ws = await createWorkspace(database.db, { slug, name: `Workspace ${slug}` });
      const system = SYSTEM_PRINCIPAL(ws.id);
      const admin = await createUser(database.db, system, {
        email: `admin@${slug}.example.com`,
        name: `Admin ${slug}`,
        role: 'admin',
        password: 'correct horse battery',
      });
      const { token } = await createApiToken(database.db, system, { name: 'admin token', userId: admin.id });
      return { workspaceId: ws.id, slug, adminId: admin.id, adminToken: token };
    },
    addUser,
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
