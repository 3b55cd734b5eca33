import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../../src/db/index';
import { withTenant } from '../../src/db/index';
import { SYSTEM_PRINCIPAL } from '../../src/platform/index';
import { countAccounts, listAccounts } from '../../src/customers/index';
import { COUNT_CAP } from '../../src/customers/index';
import { ACCOUNT_SORTS, encodeSortCursor, parseAccountSort, sortValue } from '../../src/customers/index';
import { countPeople } from '../../src/customers/index';

export interface ListFigure {
  name: string;
  p50: number;
  p99: number;
  runs: number;
}

/**
 * The back-office lists at scale, on a workspace already seeded with many people and accounts
 * (see `main`): p50/p99 (ms, service call, row-level security on) of
 * - a 200-row page of accounts in each sort order, first and half-way down (a cursor there, as
 *   after scrolling), and with the tag filter;
 * - the list counts (GET /api/people/count, /api/accounts/count) with no filter, a stage or
 *   industry filter, the tag filter and a name prefix, capped at COUNT_CAP; and, to show why the
 *   cap, the exact count of everything.
 */
export async function benchAccountsList(
  database: Database,
  options: { workspaceId: string; runs?: number; log?: (line: string) => void },
): Promise<{ kind: Database['kind']; people: number; accounts: number; figures: ListFigure[] }> {
  const runs = options.runs ?? 20;
  const log = options.log ?? (() => undefined);
  const db = database.db;
  const ws = options.workspaceId;
  const actor = SYSTEM_PRINCIPAL(ws);
  const figures: ListFigure[] = [];
  const time = async (name: string, n: number, run: () => Promise<unknown>) => {
    await run();
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await run();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round((ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0) * 10) / 10;
    const figure = { name, p50: at(0.5), p99: at(0.99), runs: n };
    log(JSON.stringify(figure));
    figures.push(figure);
  };
  const sizes = await withTenant(db, ws, async (trx) => {
    const { rows } = await sql<{ people: number; accounts: number }>`
      select (select count(*)::int from people where workspace_id = ${ws}) as people,
             (select count(*)::int from accounts where workspace_id = ${ws}) as accounts`.execute(trx);
    return rows[0] ?? { people: 0, accounts: 0 };
  });
  log(`workspace ${ws}: ${sizes.people} people, ${sizes.accounts} accounts`);

  for (const sort of ACCOUNT_SORTS) {
    const spec = parseAccountSort(sort);
    await time(`accounts sort=${sort}, first page`, runs, () =>
      listAccounts(db, actor, { sort, limit: 200 }),
    );
    if (spec.kind === 'owner') {
      // Half-way down: a cursor in the middle of the owners.
      const first = await listAccounts(db, actor, { sort, limit: 200 });
      const owner = first.items[0]?.ownerId ?? null;
      const middle = await withTenant(db, ws, async (trx) => {
        const { rows } = await sql<{ id: string }>`
          select id from accounts where workspace_id = ${ws} and owner_id = ${owner}
          order by id offset 5000 limit 1`.execute(trx);
        return rows[0];
      });
      const cursor = middle ? encodeSortCursor(spec, { value: owner, id: middle.id }) : undefined;
      await time(`accounts sort=${sort}, page 5,000 rows into an owner`, runs, () =>
        listAccounts(db, actor, { sort, limit: 200, cursor }),
      );
      continue;
    }
    const middle = await withTenant(db, ws, async (trx) => {
      const { rows } = await sql<{ value: string | null; id: string }>`
        select ${sortValue(spec)} as value, id from accounts where workspace_id = ${ws}
        order by ${sql.raw(spec.column)} ${sql.raw(spec.direction)}, id ${sql.raw(spec.direction)}
        offset ${Math.floor(sizes.accounts / 2)} limit 1`.execute(trx);
      return rows[0];
    });
    const cursor = middle ? encodeSortCursor(spec, middle) : undefined;
    await time(`accounts sort=${sort}, page at row ${Math.floor(sizes.accounts / 2)}`, runs, () =>
      listAccounts(db, actor, { sort, limit: 200, cursor }),
    );
  }
  await time('accounts tag=vip, sort=name, first page', runs, () =>
    listAccounts(db, actor, { tag: 'vip', sort: 'name', limit: 200 }),
  );

  await time(`people count, no filter (capped at ${COUNT_CAP})`, runs, () => countPeople(db, actor, {}));
  await time('people count, lifecycleStage=customer', runs, () =>
    countPeople(db, actor, { lifecycleStage: 'customer' }),
  );
  await time('people count, tag=vip', runs, () => countPeople(db, actor, { tag: 'vip' }));
  await time('people count, namePrefix=ann', runs, () => countPeople(db, actor, { namePrefix: 'ann' }));
  await time('people count, no filter, exact (no cap)', Math.min(runs, 5), () =>
    countPeople(db, actor, {}, 100_000_000),
  );
  await time(`accounts count, no filter (capped at ${COUNT_CAP})`, runs, () => countAccounts(db, actor, {}));
  await time('accounts count, industry=Retail', runs, () => countAccounts(db, actor, { industry: 'Retail' }));
  await time('accounts count, tag=vip', runs, () => countAccounts(db, actor, { tag: 'vip' }));
  await time('accounts count, no filter, exact (no cap)', Math.min(runs, 5), () =>
    countAccounts(db, actor, {}, 100_000_000),
  );
  return { kind: database.kind, ...sizes, figures };
}

/**
 * `BENCH_DATABASE_URL=postgres://… BENCH_WORKSPACE_ID=… npx tsx src/customers/accounts-list-bench.ts [runs]`:
 * on a workspace seeded with about a million people and accounts (and tags on some), e.g. by
 * `seedWorkspace` of src/demo/seed.ts or plain `insert … select generate_series`.
 */
async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const workspaceId = process.env.BENCH_WORKSPACE_ID;
  if (!url || !workspaceId) throw new Error('set BENCH_DATABASE_URL and BENCH_WORKSPACE_ID');
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  try {
    const result = await benchAccountsList(database, {
      workspaceId,
      runs: Number(process.argv[2] ?? 20),
      log: (l) => process.stderr.write(`${l}\n`),
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
