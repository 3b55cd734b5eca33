import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { type Database, openDatabase, withTenant } from '../src/db/index';
import { loadFigures, runLoad } from './load';
import type { Figure } from './stats';

/**
 * The floor under the API's figures: the same stack (Node, Fastify, pg, the same PostgreSQL) with
 * nothing of Rapport's, served by a child process and loaded by the same autocannon settings, with
 * the CPU each side spends:
 * - an empty route (HTTP alone);
 * - one row by key, one statement on a pooled connection (no transaction, no tenant scope);
 * - the same row in a tenant transaction through `withTenant` (workspace and role set, row-level
 *   security on): what any tenant read costs at least, authentication aside.
 * Run against a database holding a workspace and a user (the authenticated read's set-up).
 */
export async function benchApiFloor(databaseUrl: string, runs: number): Promise<Figure[]> {
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', databaseUrl],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('exit', (code) => reject(new Error(`floor server exited with ${code}`)));
    });
    const { rows } = await sql<{ workspace_id: string; id: string }>`
      select workspace_id, id from users limit 1`.execute(database.db);
    const user = rows[0];
    if (!user) throw new Error('the floor needs a database with a user');
    const figures: Figure[] = [];
    for (const [label, path] of [
      ['empty route', '/empty'],
      ['one row by key, one statement', `/row/${user.id}`],
      ['one row by key in a tenant transaction (withTenant)', `/tenant-row/${user.workspace_id}/${user.id}`],
    ] as const) {
      const options = { url: `${url}${path}`, connections: 10, duration: 5 };
      await autocannon({ ...options, duration: 1 });
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await runLoad(options, child.pid, database));
      figures.push(...loadFigures(`floor: ${label}, 10 connections [postgres]`, results, os.cpus().length));
    }
    return figures;
  } finally {
    child.kill('SIGTERM');
    await database.close();
  }
}

async function serve(databaseUrl: string): Promise<void> {
  const database: Database = await openDatabase({ kind: 'postgres', url: databaseUrl });
  const app = Fastify({ logger: false });
  app.get('/empty', async () => ({}));
  app.get<{ Params: { id: string } }>('/row/:id', async (request) => {
    const { rows } = await database.pool.query('select id, email, name from users where id = $1', [
      request.params.id,
    ]);
    return rows[0];
  });
  app.get<{ Params: { ws: string; id: string } }>('/tenant-row/:ws/:id', async (request) =>
    withTenant(database.db, request.params.ws, async (trx) => {
      const { rows } =
        await sql`select id, email, name from users where workspace_id = ${request.params.ws} and id = ${request.params.id}`.execute(
          trx,
        );
      return rows[0];
    }),
  );
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${address}\n`);
  process.once('SIGTERM', () => {
    void app.close().then(() => database.close().then(() => process.exit(0)));
  });
}

if (process.argv[2] === 'serve' && process.argv[3]) await serve(process.argv[3]);
