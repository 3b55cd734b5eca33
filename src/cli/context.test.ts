import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/index';
import { withDatabase } from './context';
import type { CliIo } from './io';

const dirs: string[] = [];
afterEach(() => {
  vi.doUnmock('../db/index');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function capturedIo(dataDir: string): { io: CliIo; stderr: () => string } {
  const err = new PassThrough();
  let text = '';
  err.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return {
    io: {
      env: { RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: '' },
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr: err,
    },
    stderr: () => text,
  };
}

it("warns when the embedded upkeep after a command fails, and keeps the command's committed work and result", async () => {
  vi.doMock('../db/index', async (importOriginal) => ({
    ...(await importOriginal<typeof import('../db/index')>()),
    maintainTables: async () => {
      throw new Error('no space left on device');
    },
  }));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-context-'));
  dirs.push(dataDir);
  const { io, stderr } = capturedIo(dataDir);
  const result = await withDatabase(io, async (database) => {
    await sql`create table kept (n int)`.execute(database.db);
    await sql`insert into kept values (7)`.execute(database.db);
    return 'done';
  });
  expect(result).toBe('done');
  expect(stderr()).toContain('rapport: warning: database maintenance failed: no space left on device');
  const reopened = await openDatabase({ kind: 'pglite', dataDir });
  try {
    const { rows } = await sql<{ n: number }>`select n from kept`.execute(reopened.db);
    expect(rows).toEqual([{ n: 7 }]);
  } finally {
    await reopened.close();
  }
}, 60_000);
