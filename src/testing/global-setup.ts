import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { migrate } from '../db/migrate';

/**
 * Dumps one embedded database twice, new (after initdb) and migrated, so each test file loads a
 * dump instead of running initdb (seconds) and the migrations again.
 */
export async function setup(): Promise<() => void> {
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
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
