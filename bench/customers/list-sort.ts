import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../../src/db/index';
import { migrate } from '../../src/db/index';
import { withTenant } from '../../src/db/index';
import { SYSTEM_PRINCIPAL } from '../../src/platform/index';
import { bulkUpdate } from '../../src/customers/index';
import { encodeSortCursor, PEOPLE_SORTS, parseSort, sortValue } from '../../src/customers/index';
import { countPeople, listPeople } from '../../src/customers/index';

export interface SortFigure {
  name: string;
  p50: number;
  p99: number;
  runs: number;
}

/**
 * The back-office list at scale: p50/p99 (ms, service call) of a 200-row page of people in each
 * sort order, first and in the middle of the list (a cursor half-way down, as after scrolling), of
 * the tag filter, of a broad and a narrow name prefix (first page and count), and one bulk tag of
 * 10,000 people by filter. Seeds `people` people in one workspace (and as many in another, so
 * row-level security has rows to hide).
 */
export async function benchListSorts(
  database: Database,
  options: {
    people: number;
    runs?: number;
    log?: (line: string) => void /** Reuse a seeded workspace. */;
    workspaceId?: string;
  },
): Promise<{ kind: Database['kind']; people: number; seededMs: number; figures: SortFigure[] }> {
  const runs = options.runs ?? 50;
  const log = options.log ?? (() => undefined);
  const db = database.db;
  const started = performance.now();
  const workspaces: string[] = options.workspaceId ? [options.workspaceId] : [];
  for (const slug of options.workspaceId
    ? []
    : [`sort-bench-${Date.now()}`, `sort-bench-other-${Date.now()}`]) {
    const { rows } = await sql<{ id: string }>`
      insert into workspaces (slug, name) values (${slug}, ${slug}) returning id`.execute(db);
    const id = rows[0]?.id as string;
    workspaces.push(id);
    await sql`insert into people (workspace_id, display_name, lifecycle_stage, created_at, updated_at)
      select ${id}, (array['Ann','Bob','Cara','Dan','Eve','Finn','Gus','Hana'])[1 + g % 8] || ' ' || md5(g::text),
        'awareness', now() - g * interval '7 seconds', now() - (g % 100000) * interval '1 minute'
      from generate_series(1, ${options.people}::int) g`.execute(db);
    await sql`insert into person_tags (workspace_id, person_id, tag)
      select workspace_id, id, 'vip' from people where workspace_id = ${id} and abs(hashtext(id::text)) % 100 = 0`.execute(
      db,
    );
  }
  if (!options.workspaceId) {
    await sql`analyze people`.execute(db);
    await sql`analyze person_tags`.execute(db);
  }
  const seededMs = performance.now() - started;
  log(`seeded 2 x ${options.people} people in ${Math.round(seededMs)} ms`);

  const ws = workspaces[0] as string;
  const actor = SYSTEM_PRINCIPAL(ws);
  const figures: SortFigure[] = [];
  const time = async (name: string, n: number, run: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await run();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round((ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0) * 100) / 100;
    const figure = { name, p50: at(0.5), p99: at(0.99), runs: n };
    log(JSON.stringify(figure));
    figures.push(figure);
  };

  for (const sort of PEOPLE_SORTS) {
    const spec = parseSort(sort);
    // A cursor half-way down: the row at that position in this order.
    const middle = await withTenant(db, ws, async (trx) => {
      const { rows } = await sql<{ value: string; id: string }>`
        select ${sortValue(spec)} as value, id from people where workspace_id = ${ws}
        order by ${sql.ref(spec.column)} ${sql.raw(spec.direction)}, id ${sql.raw(spec.direction)}
        offset ${Math.floor(options.people / 2)} limit 1`.execute(trx);
      return rows[0];
    });
    const cursor = middle ? encodeSortCursor(spec, middle) : undefined;
    await time(`sort=${sort}, first page`, runs, () => listPeople(db, actor, { sort, limit: 200 }));
    await time(`sort=${sort}, page at row ${Math.floor(options.people / 2)}`, runs, () =>
      listPeople(db, actor, { sort, limit: 200, cursor }),
    );
  }
  await time('tag=vip (1%), first page', runs, () => listPeople(db, actor, { tag: 'vip', limit: 200 }));
  // Names start with one of 8 first names: "ann" matches 1 in 8 (125,000 of 1M), "ann 0" 1 in 128.
  for (const namePrefix of ['ann', 'ann 0']) {
    await time(`namePrefix=${namePrefix}, first page`, runs, () =>
      listPeople(db, actor, { namePrefix, limit: 200 }),
    );
    await time(`namePrefix=${namePrefix}, sort=displayName, first page`, runs, () =>
      listPeople(db, actor, { namePrefix, sort: 'displayName', limit: 200 }),
    );
    await time(`namePrefix=${namePrefix}, count`, runs, () => countPeople(db, actor, { namePrefix }));
  }
  await time('bulk-update: add a tag to 10,000 ids', 3, async () => {
    const { rows } = await sql<{
      id: string;
    }>`select id from people where workspace_id = ${ws} limit 10000`.execute(db);
    await bulkUpdate(db, actor, 'people', { ids: rows.map((r) => r.id), addTags: [`t${Date.now()}`] });
  });
  return { kind: database.kind, people: options.people, seededMs: Math.round(seededMs), figures };
}

/** `npx tsx src/customers/list-sort-bench.ts [people] [runs]`; BENCH_WORKSPACE_ID reuses a seeded workspace; BENCH_DATABASE_URL for a server (a new database there is best). */
async function main(): Promise<void> {
  const people = Number(process.argv[2] ?? 100_000);
  const runs = Number(process.argv[3] ?? 50);
  const url = process.env.BENCH_DATABASE_URL;
  const database = await openDatabase(
    url ? { kind: 'postgres', url, poolSize: 4 } : { kind: 'pglite', dataDir: 'memory' },
  );
  try {
    await migrate(database.db);
    const result = await benchListSorts(database, {
      people,
      runs,
      workspaceId: process.env.BENCH_WORKSPACE_ID,
      log: (l) => process.stderr.write(`${l}\n`),
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
