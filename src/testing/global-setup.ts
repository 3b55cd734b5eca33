import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { migrate } from '../db/migrate';

/** Migrates one embedded database and dumps it, so each test file loads it instead of migrating anew. */
export async function setup(): Promise<() => void> {
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
  await migrate(database.db);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-template-')), 'pglite.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.RAPPORT_TEST_PGLITE_TEMPLATE = file;
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
