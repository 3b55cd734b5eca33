import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { type Db, openDatabase } from '../../src/db/index';
import { migrate } from '../../src/db/index';
import { withTenant } from '../../src/db/index';
import { createWorkspace } from '../../src/platform/index';
import { SYSTEM_PRINCIPAL } from '../../src/platform/index';
import { scanDuplicates } from '../../src/customers/index';
import { mergePeople } from '../../src/customers/index';

const FIRST =
  `James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew
  Anthony Mark Steven Paul Andrew Joshua Kevin Brian George Timothy Ryan Jacob Nicholas Tyler Benjamin Samuel
  Oliver Harry Jack Noah Ethan Liam Lucas Henry Alexander Owen Mary Patricia Jennifer Linda Elizabeth Barbara
  Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Ashley Emily Michelle Amanda Melissa Stephanie Rebecca
  Laura Emma Olivia Hannah Chloe Grace Megan Rachel Katherine Abigail Madison Charlotte Sophie Lucy Amelia
  Ruby Ella Zoe`.split(/\s+/);
const LAST =
  `Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin
  Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill
  Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook
  Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks Wood Bennett Gray
  Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Bell Coleman Butler
  Henderson Barnes Fisher Vasquez Simmons Graham Marshall Owens Harrison Gibson Wallace West Cole Hayes Bryant
  Ellis Stevens Murray Ford Marshall Palmer Hunt Holmes Rice Black Daniels Knight Ferguson Stone Hawkins Dunn
  Perkins Hudson Spencer Gardner Stephens Payne Pierce Berry Matthews Arnold Wagner Willis Ray Watkins Olson
  Carroll Duncan Snyder Hart Cunningham Bradley Lane Andrews Ruiz Harper Fox Riley Armstrong Carpenter Weaver
  Greene Lawrence Elliott Chavez Sims Austin Peters Kelley Franklin Lawson Fields Gutierrez Ryan Schmidt Carr`
    .trim()
    .split(/\s+/);

/**
 * Loads `people` synthetic people into a workspace for the duplicate scan: 80 x 200 names, 3,000
 * postcodes (~33 people each at 100k), emails at free-mail (70%) and 2,000 company domains,
 * 10% at one of 1,000 accounts, 65% with a birthday, and 1% with a second record whose first name
 * lost a letter (same postcode, no email): the duplicates a scan should find. Deterministic.
 */
export async function loadDuplicateBenchPeople(db: Db, workspaceId: string, people: number): Promise<void> {
  await withTenant(db, workspaceId, async (trx) => {
    await sql`
      insert into accounts (workspace_id, name, domain)
      select ${workspaceId}, 'Company ' || g, 'corp' || g || '.example'
      from generate_series(0, 999) g`.execute(trx);
    await sql`
      with accts as (select array_agg(id order by name) as ids from accounts where workspace_id = ${workspaceId}),
      base as (
        select g, c.copy,
          ${FIRST}::text[] as first, ${LAST}::text[] as last,
          abs(hashtext(g || ':f')) as hf, abs(hashtext(g || ':l')) as hl, abs(hashtext(g || ':p')) as hp,
          abs(hashtext(g || ':b')) as hb, abs(hashtext(g || ':a')) as ha
        from generate_series(1, ${people}) g
        cross join (values (1), (2)) as c(copy)
        where c.copy = 1 or g % 100 = 0
      ), named as (
        select b.*, b.first[1 + b.hf % array_length(b.first, 1)] as f, b.last[1 + b.hl % array_length(b.last, 1)] as l
        from base b
      )
      insert into people (workspace_id, id, given_name, family_name, display_name, birthday, address, account_id,
                          attributes)
      select ${workspaceId}, gen_random_uuid(), fx, l, fx || ' ' || l,
        case when copy = 1 and hb % 100 < 65 then date '1950-01-01' + (hb % 20000) end,
        jsonb_build_object('postcode', 'P' || lpad((hp % 3000)::text, 4, '0')),
        case when copy = 1 and ha % 10 = 0 then (select ids[1 + ha % 1000] from accts) end,
        jsonb_build_object('bench_seq', g, 'bench_copy', copy)
      from (select n.*, case when copy = 2 then overlay(f placing '' from 2 for 1) else f end as fx from named n) x`.execute(
      trx,
    );
    await sql`
      insert into identities (workspace_id, person_id, kind, value, raw)
      select workspace_id, id, 'email', e, e
      from (select p.workspace_id, p.id,
              lower(p.given_name || '.' || p.family_name) || (p.attributes ->> 'bench_seq') || '@' ||
              case when abs(hashtext(p.id::text)) % 10 < 7
                   then (array['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com'])[1 + abs(hashtext(p.id::text)) % 4]
                   else 'corp' || (abs(hashtext(p.id::text || 'd')) % 2000) || '.example' end as e,
              abs(hashtext(p.id::text || 'e')) % 100 as he
            from people p
            where p.workspace_id = ${workspaceId} and p.attributes ->> 'bench_copy' = '1') x
      where he < 92`.execute(trx);
  });
  await sql`analyze people`.execute(db);
  await sql`analyze identities`.execute(db);
}

export interface DuplicateBenchFigures {
  people: number;
  /** First scan: every pair found and written. */
  scanMs: number;
  /** A second scan over the same people (evidence recomputed, nothing new). */
  rescanMs: number;
  pairs: number;
  /** Injected typo duplicates found by the scan, of all injected. */
  injectedFound: number;
  injected: number;
  /** One real merge of a found pair (re-pointing, tombstone, audit). */
  mergeMs: number;
}

/**
 * Duplicate scan and merge timings on a fresh workspace of `people` synthetic people
 * (loadDuplicateBenchPeople). The database must be migrated; the workspace must exist and be empty.
 */
export async function benchDuplicates(
  db: Db,
  workspaceId: string,
  people: number,
): Promise<DuplicateBenchFigures> {
  await loadDuplicateBenchPeople(db, workspaceId, people);
  const actor = SYSTEM_PRINCIPAL(workspaceId);
  let t = performance.now();
  const first = await scanDuplicates(db, actor, {});
  const scanMs = performance.now() - t;
  t = performance.now();
  await scanDuplicates(db, actor, {});
  const rescanMs = performance.now() - t;
  const { injectedFound, injected, pair } = await withTenant(db, workspaceId, async (trx) => {
    const { rows } = await sql<{ found: number; injected: number; a: string | null; b: string | null }>`
      with dup as (
        select p1.id as a, p2.id as b from people p1
        join people p2 on p2.workspace_id = p1.workspace_id
          and p2.attributes ->> 'bench_seq' = p1.attributes ->> 'bench_seq' and p2.attributes ->> 'bench_copy' = '2'
        where p1.workspace_id = ${workspaceId} and p1.attributes ->> 'bench_copy' = '1'
      )
      select count(*)::int as injected,
        count(*) filter (where exists (select 1 from merge_candidates m where m.workspace_id = ${workspaceId}
          and m.person_a = least(dup.a, dup.b) and m.person_b = greatest(dup.a, dup.b)))::int as found,
        min(a::text) as a, (array_agg(b::text order by a))[1] as b
      from dup`.execute(trx);
    const r = rows[0];
    return {
      injectedFound: r?.found ?? 0,
      injected: r?.injected ?? 0,
      pair: r?.a && r.b ? [r.a, r.b] : null,
    };
  });
  let mergeMs = Number.NaN;
  if (pair) {
    t = performance.now();
    await mergePeople(db, actor, {
      survivorId: pair[0] as string,
      mergedId: pair[1] as string,
      dryRun: false,
    });
    mergeMs = performance.now() - t;
  }
  return { people, scanMs, rescanMs, pairs: first.pairs, injectedFound, injected, mergeMs };
}

/**
 * `npx tsx src/customers/duplicates-bench.ts [pglite | postgres://...] [people]`: migrates the database
 * (in-memory PGlite by default), adds a fresh workspace, and prints the figures as JSON.
 */
async function main(target = 'pglite', people = '100000'): Promise<void> {
  const database = await openDatabase(
    target === 'pglite' ? { kind: 'pglite', dataDir: 'memory' } : { kind: 'postgres', url: target },
  );
  try {
    await migrate(database.db);
    const slug = `dupbench-${randomBytes(4).toString('hex')}`;
    const ws = await createWorkspace(database.db, { slug, name: 'Duplicate scan benchmark' });
    const figures = await benchDuplicates(database.db, ws.id, Number(people));
    process.stdout.write(`${JSON.stringify({ database: database.kind, ...figures })}\n`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv[2], process.argv[3]);
