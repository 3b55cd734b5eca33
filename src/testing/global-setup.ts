import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/index';
import { migrate } from '../db/index';
import { createServerDatabase } from '../db/index';

/**
 * Prepares what test files copy instead of building each time: an embedded database dumped twice,
 * new (after initdb) and migrated, and on the test server (when there is one) a migrated template
 * database that `create database ... template` copies.
 */
export async function setup(): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-template-'));
  const write = async (name: string, dump: Blob) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  };
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
  try {
    process.env.RAPPORT_TEST_PGLITE_EMPTY = await write(
      'empty.tar',
      await database.pglite!.dumpDataDir('none'),
    );
    await migrate(database.db);
    process.env.RAPPORT_TEST_PGLITE_TEMPLATE = await write(
      'migrated.tar',
      await database.pglite!.dumpDataDir('none'),
    );
  } finally {
    await database.close();
  }
  const serverTemplate = await createServerTemplate();
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await serverTemplate?.drop();
  };
}

/** A migrated database on the test server, copied by each test database instead of migrating it. */
async function createServerTemplate(): Promise<{ drop(): Promise<void> } | undefined> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return undefined;
  const template = await createServerDatabase(url, 'rapport_template');
  // Closed before any copy: a template database must have no other connections.
  const database = await openDatabase({ kind: 'postgres', url: template.url, poolSize: 1 });
  try {
    await migrate(database.db);
  } finally {
    await database.close();
  }
  process.env.RAPPORT_TEST_PG_TEMPLATE = template.name;
  return template;
}
