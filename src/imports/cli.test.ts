import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../db/index';
import { RAPPORT_BIN, rapport } from '../testing/cli';
import {
  createTestDatabase,
  createTestDataDir,
  describeEachDatabase,
  type TestDatabase,
} from '../testing/db';

const ROWS = 1_200;

/** Runs the import and kills it (SIGKILL) once its progress line matches `committed` (a chunk is in). */
function killAfterFirstChunk(
  args: string[],
  env: NodeJS.ProcessEnv,
  committed = /people: [1-9][\d,]*\/1,200 lines/,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RAPPORT_BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no chunk was committed: ${output}`));
    }, 240_000);
    child.stderr.on('data', (d) => {
      output += String(d);
      if (committed.test(output)) child.kill('SIGKILL');
    });
    child.stdout.on('data', (d) => {
      output += String(d);
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(output);
      else reject(new Error(`the import finished before it was killed: ${output}`));
    });
  });
}

describeEachDatabase('rapport import people, killed and resumed', (kind) => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
    if (kind === 'postgres') {
      database = await createTestDatabase('postgres');
      env = { DATABASE_URL: database.url, LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: path.join(dir, 'unused') };
    } else {
      env = { DATABASE_URL: '', LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: path.join(dir, 'data') };
      await createTestDataDir(path.join(dir, 'data'));
    }
    expect((await rapport(['workspace', 'create', '--slug', 'acme'], env)).code).toBe(0);
    const lines = Array.from(
      { length: ROWS },
      (_, i) => `Person ${i},p${i}@example.com,+1 415 555 ${String(i).padStart(4, '0')}`,
    );
    fs.writeFileSync(path.join(dir, 'people.csv'), `Name,E-mail,Phone\n${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // The killed run is a real process (SIGKILL mid-import); the resumed run and the rest run in-process.
  it('resumes after the last committed chunk and ends with every line loaded exactly once', {
    timeout: 300_000,
  }, async () => {
    const args = [
      'import',
      'people',
      path.join(dir, 'people.csv'),
      '--workspace',
      'acme',
      '--map',
      'displayName=Name',
    ];
    const killed = await killAfterFirstChunk([...args, '--chunk-size', '50'], env);
    expect(killed).not.toContain('Imported');

    const resumed = await rapport([...args, '--chunk-size', '500', '--json'], env);
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.resumedAfterLine).toBeGreaterThan(1);
    expect(summary.resumedAfterLine).toBeLessThan(ROWS + 1);
    expect(summary).toMatchObject({
      rows: ROWS,
      loaded: true,
      counts: { created: ROWS, updated: 0, rejected: 0 },
    });

    const exported = await rapport(['export', 'people', '--workspace', 'acme'], env);
    expect(exported.code).toBe(0);
    const emails = exported.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[4]);
    expect(emails.length).toBe(ROWS);
    expect(new Set(emails).size).toBe(ROWS);
  });

  it('exits 2 naming the line of a bad row, and writes the rejected rows with a reason', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'email,phone\nok@example.com,\nbad-email,\nok2@example.com,12\n');
    const out = path.join(dir, 'rejected.csv');
    const r = await rapport(['import', 'people', file, '--workspace', 'acme', '--errors-out', out], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 3, email (email): "bad-email" must be an address');
    expect(r.stderr).toContain('line 4, phone (phone)');
    expect(r.stderr).toContain('nothing was loaded');
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toBe('email,phone,line,field,reason');
    expect(fs.readFileSync(out, 'utf8').split('\n').length).toBe(4);
  });
});

const ORDER_LINES = 3_000;

describeEachDatabase('rapport import orders, killed and resumed', (kind) => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let database: TestDatabase | undefined;
  /** Orders in the file: its lines are 1 to 3 per order number. */
  let orders = 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
    if (kind === 'postgres') {
      database = await createTestDatabase('postgres');
      env = { DATABASE_URL: database.url, LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: path.join(dir, 'unused') };
    } else {
      env = { DATABASE_URL: '', LOG_LEVEL: 'silent', RAPPORT_DATA_DIR: path.join(dir, 'data') };
      await createTestDataDir(path.join(dir, 'data'));
    }
    expect((await rapport(['workspace', 'create', '--slug', 'shop'], env)).code).toBe(0);
    const lines: string[] = [];
    while (lines.length < ORDER_LINES) {
      const n = orders++;
      for (let l = 0; l <= n % 3 && lines.length < ORDER_LINES; l++)
        lines.push(`S${n},c${n % 400},2024-0${(n % 9) + 1}-1${l},SKU-${l},${l + 1},${(n % 50) + 1}.99`);
    }
    fs.writeFileSync(
      path.join(dir, 'orders.csv'),
      `order,customer,date,sku,quantity,price\n${lines.join('\n')}\n`,
    );
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes after the last committed chunk: every order once, none twice', {
    timeout: 300_000,
  }, async () => {
    const args = [
      'import',
      'orders',
      path.join(dir, 'orders.csv'),
      '--workspace',
      'shop',
      '--source',
      'shop',
    ];
    const killed = await killAfterFirstChunk(
      [...args, '--chunk-size', '60'],
      env,
      /orders: [1-9][\d,]*\/3,000 lines/,
    );
    expect(killed).not.toContain('Imported');

    const resumed = await rapport([...args, '--chunk-size', '1000', '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.resumedAfterLine).toBeGreaterThan(1);
    expect(summary.resumedAfterLine).toBeLessThan(ORDER_LINES + 1);
    expect(summary).toMatchObject({
      rows: ORDER_LINES,
      loaded: true,
      counts: { created: orders, unchanged: 0, rejected: 0, customersCreated: 400, productsCreated: 3 },
    });

    const opened = await openDatabase(
      kind === 'postgres'
        ? { kind, url: database?.url as string }
        : { kind, dataDir: env.RAPPORT_DATA_DIR as string },
    );
    try {
      const { rows } = await opened.pool.query(
        `select count(*)::int as orders, count(distinct external_ref)::int as refs,
           count(distinct idempotency_key)::int as keys,
           (select count(*)::int from order_lines) as lines,
           (select count(*)::int from interactions where type = 'purchase') as purchases
         from orders`,
      );
      expect(rows[0]).toEqual({
        orders,
        refs: orders,
        keys: orders,
        lines: ORDER_LINES,
        purchases: orders,
      });
    } finally {
      await opened.close();
    }
  });
});
