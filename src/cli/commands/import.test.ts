import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index';
import { rapport } from '../../testing/cli';
import {
  createTestDatabase,
  createTestDataDir,
  type TestDatabase,
  testDatabaseKinds,
} from '../../testing/db';
import { sharedDataPath } from '../../testing/shared-data';

const CDNOW = sharedDataPath('CDNOW_master.txt');
const HAVE_CDNOW = fs.existsSync(CDNOW);
if (!HAVE_CDNOW)
  console.warn(`Skipping the CDNOW import tests: ${CDNOW} is missing (see shared/data/SOURCES.md)`);
const SAMPLE = sharedDataPath('CDNOW_sample.txt');
const HAVE_SAMPLE = fs.existsSync(SAMPLE);
if (!HAVE_SAMPLE)
  console.warn(`Skipping the CDNOW sample import test: ${SAMPLE} is missing (see shared/data/SOURCES.md)`);

// The command runs in-process (runCli, as the binary does); src/cli/cli.test.ts spawns the binary.
for (const kind of testDatabaseKinds) {
  describe(`rapport import orders, products, accounts [${kind}]`, () => {
    let env: NodeJS.ProcessEnv;
    let dir: string;
    let server: TestDatabase | undefined;

    /** Reads the database the command wrote (on PGlite, once the command has released the data folder). */
    const query = async <T>(text: string): Promise<T[]> => {
      const database = await openDatabase(
        kind === 'postgres' ? { kind, url: server?.url as string } : { kind, dataDir: dir },
      );
      try {
        return (await database.pool.query(text)).rows as T[];
      } finally {
        await database.close();
      }
    };

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
      if (kind === 'postgres') {
        // The command migrates the new database itself.
        server = await createTestDatabase('postgres', { migrate: false });
        env = { DATABASE_URL: server.url, LOG_LEVEL: 'silent' };
      } else {
        // A new folder's migration by the command is tested in src/cli/cli.test.ts.
        await createTestDataDir(dir);
        env = { RAPPORT_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
      }
      expect((await rapport(['workspace', 'create', '--slug', 'shop'], env)).code).toBe(0);
    });
    afterAll(async () => {
      await server?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('loads a generic CSV through flags, and refuses a file with bad lines: exit 2, line and field, nothing loaded', {
      timeout: 300_000,
    }, async () => {
      const good = path.join(dir, 'sales.csv');
      fs.writeFileSync(
        good,
        'Client;When;Total;Units;Item\nc-1;01/02/2024;19.98;2;A-1\nc-2;03/02/2024;5.00;1;\nc-1;04/02/2024;9.99;1;A-1\n',
      );
      const args = ['import', 'orders', good, '--workspace', 'shop', '--source', 'pos', '--delimiter', ';'];
      const flags = [
        '--customer-col',
        'Client',
        '--date-col',
        'When',
        '--amount-col',
        'Total',
        '--quantity-col',
        'Units',
      ];
      const dry = await rapport(
        [...args, ...flags, '--sku-col', 'Item', '--date-format', 'DD/MM/YYYY', '--dry-run'],
        env,
      );
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain(
        'Dry run of sales.csv: 3 lines, 0 bad; the good lines would give orders: 3 created, 0 unchanged, 0 rejected, ' +
          '0 returns, 2 customersCreated, 2 productsCreated; nothing was written',
      );
      const loaded = await rapport(
        [...args, ...flags, '--sku-col', 'Item', '--date-format', 'DD/MM/YYYY', '--json'],
        env,
      );
      expect(loaded.stderr).not.toContain('line 2');
      expect(loaded.code, loaded.stderr).toBe(0);
      expect(JSON.parse(loaded.stdout)).toMatchObject({
        rows: 3,
        loaded: true,
        counts: { created: 3, unchanged: 0, customersCreated: 2, productsCreated: 2 },
      });
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(
        bad,
        'Client;When;Total;Units\nc-3;05/02/2024;1.00;1\nc-4;31/02/2024;2.00;1\nc-5;06/02/2024;abc;1\nc-6;07/02/2024;3.00;-1\n',
      );
      const refused = await rapport(
        [
          'import',
          'orders',
          bad,
          '--workspace',
          'shop',
          '--source',
          'pos',
          '--delimiter',
          ';',
          ...flags,
          '--date-format',
          'DD/MM/YYYY',
        ],
        env,
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        'line 3, When (date): cannot read "31/02/2024" as a date between 1900 and a year from now in the format DD/MM/YYYY',
      );
      expect(refused.stderr).toContain('line 4, Total (amount): cannot read "abc" as an amount');
      expect(refused.stderr).toContain(
        'line 5, Units (quantity): is negative (-1) in a line that is not a return',
      );
      expect(refused.stderr).toContain('nothing was loaded');
      const unknown = await rapport(
        ['import', 'orders', bad, '--workspace', 'shop', '--source', 'pos', '--map', 'buyer=Client'],
        env,
      );
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown key "buyer"');
      const noSource = await rapport(['import', 'orders', bad, '--workspace', 'shop'], env);
      expect(noSource.code).toBe(2);
      expect(noSource.stderr).toContain('source: name where the customer ids and order numbers come from');
      const [row] = await query<{ orders: number }>(
        `select count(*)::int as orders from orders where workspace_id = (select id from workspaces where slug = 'shop')`,
      );
      expect(row?.orders).toBe(3);
    });

    it('loads products and accounts: dry run, then created, updated and unchanged', {
      timeout: 300_000,
    }, async () => {
      const products = path.join(dir, 'products.csv');
      fs.writeFileSync(products, 'SKU,Name,List price\nA-1,Widget,9.99\nB-2,Gadget,5\n');
      const args = ['import', 'products', products, '--workspace', 'shop'];
      const dry = await rapport([...args, '--dry-run', '--json'], env);
      expect(dry.code, dry.stderr).toBe(0);
      // A-1 was created by the order import above, with the price of its line.
      expect(JSON.parse(dry.stdout)).toMatchObject({
        dryRun: true,
        counts: { created: 1, updated: 1, unchanged: 0 },
      });
      const loaded = await rapport([...args, '--json'], env);
      expect(JSON.parse(loaded.stdout)).toMatchObject({ loaded: true, counts: { created: 1, updated: 1 } });
      const again = await rapport([...args, '--again', '--json'], env);
      expect(JSON.parse(again.stdout)).toMatchObject({ counts: { created: 0, updated: 0, unchanged: 2 } });

      const accounts = path.join(dir, 'accounts.csv');
      fs.writeFileSync(accounts, 'Company,Web site\nAcme,acme.com\nGlobex,\nInitech,not a domain\n');
      const refused = await rapport(
        ['import', 'accounts', accounts, '--workspace', 'shop', '--map', 'name=Company,domain=Web site'],
        env,
      );
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('line 4, Web site (domain): "not a domain" is not a domain name');
      const imported = await rapport(
        [
          'import',
          'accounts',
          accounts,
          '--workspace',
          'shop',
          '--map',
          'name=Company,domain=Web site',
          '--skip-bad-rows',
        ],
        env,
      );
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('accounts: 2 created, 0 updated, 0 unchanged, 0 rejected');
    });

    it.skipIf(!HAVE_SAMPLE)(
      'the cdnow preset loads CDNOW_sample.txt: as many orders as lines, customers as master ids',
      { timeout: 900_000 },
      async () => {
        const lines = fs
          .readFileSync(SAMPLE, 'utf8')
          .split(/\r?\n/)
          .filter((l) => l.trim() !== '');
        const customers = new Set(lines.map((l) => l.trim().split(/\s+/)[0])).size;
        const cents = lines.reduce((sum, l) => sum + Math.round(Number(l.trim().split(/\s+/)[4]) * 100), 0);
        expect((await rapport(['workspace', 'create', '--slug', 'sample'], env)).code).toBe(0);
        const r = await rapport(
          ['import', 'orders', SAMPLE, '--preset', 'cdnow', '--workspace', 'sample', '--json'],
          env,
        );
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({
          rows: lines.length,
          badRows: 0,
          counts: { created: lines.length, customersCreated: customers, rejected: 0 },
        });
        const [row] = await query<{ orders: number; people: number; revenue: string }>(
          `with ws as (select id from workspaces where slug = 'sample')
           select (select count(*)::int from orders where workspace_id = (table ws)) as orders,
                  (select count(*)::int from people where workspace_id = (table ws)) as people,
                  (select sum(total)::text from orders where workspace_id = (table ws)) as revenue`,
        );
        // Every line an order, every master id a customer, every cent of the dollar column.
        expect(row).toEqual({ orders: lines.length, people: customers, revenue: (cents / 100).toFixed(2) });
      },
    );

    it.skipIf(!HAVE_CDNOW)(
      'loads CDNOW_master.txt as it is: 69,659 orders of 23,570 customers; a re-run adds nothing',
      { timeout: 900_000 },
      async () => {
        expect((await rapport(['workspace', 'create', '--slug', 'cdnow'], env)).code).toBe(0);
        const started = performance.now();
        const first = await rapport(
          ['import', 'orders', CDNOW, '--preset', 'cdnow', '--workspace', 'cdnow', '--json'],
          env,
        );
        const seconds = (performance.now() - started) / 1000;
        expect(first.code, first.stderr).toBe(0);
        const summary = JSON.parse(first.stdout);
        console.log(
          `[${kind}] CDNOW_master.txt import: ${seconds.toFixed(1)} s (load ${(summary.elapsedMs / 1000).toFixed(1)} s)`,
        );
        expect(summary).toMatchObject({
          rows: 69_659,
          badRows: 0,
          loaded: true,
          counts: {
            created: 69_659,
            unchanged: 0,
            rejected: 0,
            customersCreated: 23_570,
            productsCreated: 1,
          },
        });
        const again = await rapport(
          ['import', 'orders', CDNOW, '--preset', 'cdnow', '--workspace', 'cdnow', '--json'],
          env,
        );
        expect(again.code, again.stderr).toBe(0);
        expect(JSON.parse(again.stdout)).toMatchObject({
          alreadyImported: true,
          counts: { created: 69_659 },
        });
        const [row] = await query<{ orders: number; people: number; revenue: string; purchases: number }>(
          `with ws as (select id from workspaces where slug = 'cdnow')
           select (select count(*)::int from orders where workspace_id = (table ws)) as orders,
                  (select count(*)::int from identities where workspace_id = (table ws)
                    and kind = 'external' and value like 'cdnow:%') as people,
                  (select sum(total)::text from orders where workspace_id = (table ws)) as revenue,
                  (select count(*)::int from interactions where workspace_id = (table ws) and type = 'purchase') as purchases`,
        );
        // The sum of the dollar column of CDNOW_master.txt: every cent arrives.
        expect(row).toEqual({ orders: 69_659, people: 23_570, revenue: '2500315.63', purchases: 69_659 });
      },
    );
  });
}
