import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../../src/db/index';
import { migrate } from '../../src/db/index';
import { withTenant } from '../../src/db/index';
import { SYSTEM_PRINCIPAL } from '../../src/platform/index';
import { getLifecycleFunnel } from '../../src/customers/index';
import { listPeople } from '../../src/customers/index';

/** Latency of one list call, server-side (service call: transaction, queries, shaping), in ms. */
export interface ListFigure {
  name: string;
  p50: number;
  p99: number;
  runs: number;
  /** Rows on the first page, on average. */
  rows: number;
}

export interface ListBenchResult {
  kind: Database['kind'];
  people: number;
  seededMs: number;
  figures: ListFigure[];
}

const TIERS = ['gold', 'silver', 'bronze'];

/**
 * p50/p99 of the people list filtered by custom attributes (a choice held by a third of the
 * workspace, a selective number range, a date range, two filters at once), by name prefix (and the
 * ILIKE the list used before, for comparison), and of the lifecycle funnel over 90 days. Seeds one
 * workspace of `people` people with attributes and stage changes (two workspaces of that size, so
 * row-level security has another tenant's rows to hide).
 */
export async function benchListFilters(
  database: Database,
  options: { people: number; runs?: number; log?: (line: string) => void },
): Promise<ListBenchResult> {
  const runs = options.runs ?? 200;
  const log = options.log ?? (() => undefined);
  const db = database.db;
  const started = performance.now();
  const workspaces: string[] = [];
  for (const slug of [`list-bench-${Date.now()}`, `list-bench-other-${Date.now()}`]) {
    const { rows } = await sql<{ id: string }>`
      insert into workspaces (slug, name) values (${slug}, ${slug}) returning id`.execute(db);
    workspaces.push(rows[0]!.id);
  }
  const ws = workspaces[0] as string;
  for (const id of workspaces) {
    await sql`insert into attribute_definitions (workspace_id, object_type, key, label, type, options) values
      (${id}, 'people', 'tier', 'Tier', 'choice', ${JSON.stringify(TIERS)}::jsonb),
      (${id}, 'people', 'score', 'Score', 'number', null),
      (${id}, 'people', 'renewal', 'Renewal', 'date', null)`.execute(db);
    await sql`insert into people (workspace_id, display_name, given_name, family_name, lifecycle_stage, attributes, created_at)
      select ${id}, f || ' ' || l || ' ' || g, f, l || ' ' || g, 'awareness',
        jsonb_build_object('tier', (${TIERS}::text[])[1 + g % 3], 'score', g % 1000,
          'renewal', (date '2024-01-01' + (g % 730))::text),
        now() - g * interval '7 seconds'
      from generate_series(1, ${options.people}::int) g,
        lateral (select (array['Ann','Bob','Cara','Dan','Eve','Finn','Gus','Hana'])[1 + g % 8] as f,
                        (array['Lee','Smith','Jones','Brown','Ng','Garcia','Khan','Moreau'])[1 + (g / 8) % 8] as l) n`.execute(
      db,
    );
    // Stage changes: everyone enters awareness; half move to consideration 1-20 days later, a third
    // of those become customers 1-30 days after that.
    await sql`insert into lifecycle_changes (workspace_id, person_id, from_stage, to_stage, changed_at)
      select workspace_id, id, null, 'awareness', now() - interval '80 days' + (abs(hashtext(id::text)) % 40) * interval '1 day'
      from people where workspace_id = ${id}`.execute(db);
    await sql`insert into lifecycle_changes (workspace_id, person_id, from_stage, to_stage, changed_at)
      select l.workspace_id, l.person_id, 'awareness', 'consideration', l.changed_at + (1 + abs(hashtext(l.person_id::text)) % 20) * interval '1 day'
      from lifecycle_changes l where l.workspace_id = ${id} and abs(hashtext(l.person_id::text)) % 2 = 0`.execute(
      db,
    );
    await sql`insert into lifecycle_changes (workspace_id, person_id, from_stage, to_stage, changed_at)
      select l.workspace_id, l.person_id, 'consideration', 'customer', l.changed_at + (1 + abs(hashtext(l.person_id::text)) % 30) * interval '1 day'
      from lifecycle_changes l where l.workspace_id = ${id} and l.to_stage = 'consideration' and abs(hashtext(l.person_id::text)) % 3 = 0`.execute(
      db,
    );
  }
  await sql`analyze people`.execute(db);
  await sql`analyze people_attribute_values`.execute(db);
  await sql`analyze lifecycle_changes`.execute(db);
  const seededMs = performance.now() - started;
  log(`seeded 2 x ${options.people} people in ${Math.round(seededMs)} ms`);

  const actor = SYSTEM_PRINCIPAL(ws);
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)] as T;
  const names = ['ann', 'bob', 'cara', 'dan', 'eve', 'finn', 'gus', 'hana'];
  const surnames = ['lee', 'smith', 'jones', 'brown', 'ng', 'garcia', 'khan', 'moreau'];
  const attr = (param: string, value: string) => ({ param, value });
  const cases: [string, () => Promise<number>][] = [
    [
      'attr.tier=<choice> (a third match)',
      async () =>
        (await listPeople(db, actor, { attributeFilters: [attr('attr.tier', pick(TIERS))] })).items.length,
    ],
    [
      'attr.score.gte=<995..999> (0.1-0.5% match)',
      async () =>
        (
          await listPeople(db, actor, {
            attributeFilters: [attr('attr.score.gte', String(995 + Math.floor(Math.random() * 5)))],
          })
        ).items.length,
    ],
    [
      'attr.renewal in one week (1% match)',
      async () => {
        const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(Math.random() * 720) * 86_400_000);
        const end = new Date(day.getTime() + 7 * 86_400_000);
        return (
          await listPeople(db, actor, {
            attributeFilters: [
              attr('attr.renewal.gte', day.toISOString().slice(0, 10)),
              attr('attr.renewal.lt', end.toISOString().slice(0, 10)),
            ],
          })
        ).items.length;
      },
    ],
    [
      'attr.tier=<choice>&attr.score.lt=<10> (two filters)',
      async () =>
        (
          await listPeople(db, actor, {
            attributeFilters: [attr('attr.tier', pick(TIERS)), attr('attr.score.lt', '10')],
          })
        ).items.length,
    ],
    [
      'namePrefix=<first name + surname>',
      async () =>
        (await listPeople(db, actor, { namePrefix: `${pick(names)} ${pick(surnames)}` })).items.length,
    ],
    [
      'namePrefix, as before: ILIKE under row-level security',
      async () =>
        withTenant(db, ws, async (trx) => {
          const { rows } = await sql`select id from people where workspace_id = ${ws}
          and display_name ilike ${`${pick(names)} ${pick(surnames)}%`} order by created_at desc, id desc limit 51`.execute(
            trx,
          );
          return rows.length;
        }),
    ],
    [
      'lifecycle funnel, last 90 days',
      async () => {
        const funnel = await getLifecycleFunnel(db, actor, {});
        return funnel.stages.reduce((n, s) => n + s.entered, 0);
      },
    ],
  ];
  const figures: ListFigure[] = [];
  for (const [name, run] of cases) {
    const n = name.startsWith('lifecycle') ? Math.max(5, Math.floor(runs / 20)) : runs;
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      rows += await run();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round((ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0) * 100) / 100;
    const figure = { name, p50: at(0.5), p99: at(0.99), runs: n, rows: Math.round(rows / n) };
    log(JSON.stringify(figure));
    figures.push(figure);
  }
  return { kind: database.kind, people: options.people, seededMs: Math.round(seededMs), figures };
}

/** `npx tsx src/customers/attributes-bench.ts [people] [runs]`; BENCH_DATABASE_URL for a server (a new database there is best). */
async function main(): Promise<void> {
  const people = Number(process.argv[2] ?? 100_000);
  const runs = Number(process.argv[3] ?? 200);
  const url = process.env.BENCH_DATABASE_URL;
  const database = await openDatabase(
    url ? { kind: 'postgres', url, poolSize: 4 } : { kind: 'pglite', dataDir: 'memory' },
  );
  try {
    await migrate(database.db);
    const result = await benchListFilters(database, {
      people,
      runs,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
