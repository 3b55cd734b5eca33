import { sql } from 'kysely';
import type { Tx } from '../../db/index';

/** Trigram similarity of display names at or above which two names count as similar. */
export const DEFAULT_NAME_THRESHOLD = 0.5;
/**
 * A shared email domain or account with more people than this is no evidence that two similar
 * names are one person (it is a big employer, or free mail); the pair needs other evidence.
 */
export const BLOCK_CAP = 200;
/** People sharing one block and one name key compared pairwise at most; a bigger group is skipped. */
export const GROUP_CAP = 1000;
/** Free-mail domains: sharing one says nothing about who someone is. */
const FREE_MAIL = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.ru',
  'yandex.ru',
  'qq.com',
  '163.com',
];

/** Scan serialised per workspace: two scans never interleave their resets and writes. */
const SCAN_LOCK = 7_231_004;

export interface ScanCounts {
  /** Pairs with evidence in this scan. */
  pairs: number;
  /** Open candidates after the scan (identity resolution's included). */
  open: number;
}

/**
 * Likelihood that a pair is one person, per kind of evidence, combined over kinds as a noisy-or
 * (1 - product of (1 - p)), so independent evidence adds up and the score stays below 1:
 * - exact: same name and birthday (0.9); an email or phone of one is the id of another identity of
 *   the other, e.g. email ann@x.com and external id newsletter:ann@x.com (0.9);
 * - fuzzy: trigram-similar display names (pg_trgm similarity s >= threshold) with the same postcode
 *   (0.9 s), the same account (0.8 s), or the same email domain (0.75 s).
 *
 * Cost: one pass over people and identities, then hash joins on blocking keys, never all pairs.
 * Fuzzy pairs are compared only inside a block: same postcode, account or domain AND a shared
 * first or last name word (in either position: "Smith Jon" meets "Jon Smith"), or the same first
 * three letters of the first and of the last word ("Christopher Anderson", "Christophe Andersen").
 * Names similar by trigrams but sharing none of these keys are missed; that is the price of not
 * comparing every pair inside a big postcode. A domain shared by more than BLOCK_CAP people (free mail,
 * an ISP) is no evidence.
 */
export async function scanCandidates(trx: Tx, workspaceId: string, threshold: number): Promise<ScanCounts> {
  await sql`select pg_advisory_xact_lock(${SCAN_LOCK}, hashtext(${workspaceId}))`.execute(trx);
  // Compiling this one-off query costs more than it saves; hashing the name-key groups in memory beats sorting them.
  await sql`set local jit = off`.execute(trx);
  await sql`set local work_mem = '64MB'`.execute(trx);
  await sql`
    update merge_candidates set scan_score = null, scan_reasons = '[]'::jsonb
    where workspace_id = ${workspaceId} and scan_score is not null`.execute(trx);
  const ws = sql`${workspaceId}::uuid`;
  const inserted = await sql<{ n: number }>`
    with pk as materialized (
      select id, display_name, lname, birthday, account_id, postcode, f, reverse(split_part(reverse(n), ' ', 1)) as l
      from (
        select id, display_name, lower(display_name) as lname, birthday, account_id,
          nullif(upper(replace(address ->> 'postcode', ' ', '')), '') as postcode,
          btrim(translate(lower(display_name), '.,;:-_''"()/', '           ')) as n
        from people where workspace_id = ${ws}
      ) named
      cross join lateral (select split_part(n, ' ', 1) as f) first_word
      where n <> ''
    ), emails as (
      select distinct person_id, split_part(value, '@', 2) as domain
      from identities where workspace_id = ${ws} and kind = 'email'
    ), domains as (
      select domain from emails where domain <> all(${FREE_MAIL}::text[])
      group by domain having count(*) between 2 and ${BLOCK_CAP}
    ), blocks(id, kind, value, display_name, f, l) as (
      select id, 'postcode', postcode, display_name, f, l from pk where postcode is not null
      union all
      select id, 'account', account_id::text, display_name, f, l from pk where account_id is not null
      union all
      select e.person_id, 'domain', e.domain, pk.display_name, pk.f, pk.l
      from emails e join domains d on d.domain = e.domain join pk on pk.id = e.person_id
    ), keyed as materialized (
      select b.id, b.kind, b.value, b.display_name, hashtextextended(b.kind || '|' || b.value || '|' || k.name_key, 0) as key
      from blocks b
      cross join lateral (values ('w:' || b.f), ('w:' || b.l), ('x:' || left(b.f, 3) || left(b.l, 3))) as k(name_key)
    ), shared as (
      -- Only (block, name key) groups of two or more people go on to be compared.
      select key from keyed group by key having count(*) between 2 and ${GROUP_CAP}
    ), members as materialized (
      select k.* from keyed k join shared s on s.key = k.key
    ), fuzzy as materialized (
      -- Names travel with the ids, so the similarity below is computed only for pairs in a group.
      select distinct on (m1.id, m2.id, m1.kind) m1.id as a, m2.id as b, m1.kind, m1.value,
        m1.display_name as na, m2.display_name as nb
      from members m1
      join members m2 on m2.key = m1.key and m2.id > m1.id and m2.kind = m1.kind and m2.value = m1.value
      order by m1.id, m2.id, m1.kind, m1.value
    ), evidence(a, b, kind, p, reason) as (
      select a, b, kind,
        sim * case kind when 'postcode' then 0.9 when 'account' then 0.8 else 0.75 end,
        format('similar names %s and %s (%s) ', na, nb, round(sim::numeric, 2)) ||
        case kind when 'postcode' then format('with the same postcode %s', value)
                  when 'account' then 'at the same account'
                  else format('with email at the same domain %s', value) end
      from (select f.*, similarity(na, nb)::float8 as sim from fuzzy f) compared
      where sim >= ${threshold}
      union all
      select p1.id, p2.id, 'name_birthday', 0.9::float8,
        format('same name %s and birthday %s', p1.display_name, p1.birthday)
      from pk p1 join pk p2 on p2.birthday = p1.birthday and p2.lname = p1.lname and p2.id > p1.id
      where p1.birthday is not null
      union all
      select least(i1.person_id, i2.person_id), greatest(i1.person_id, i2.person_id), 'identity', 0.9::float8,
        format('%s %s of one is the %s id %s of the other', i1.kind, i1.value, i2.kind, i2.value)
      from identities i1
      join identities i2 on i2.workspace_id = i1.workspace_id and i2.kind in ('external', 'device', 'social')
        and lower(case when i2.kind = 'external' then substr(i2.value, strpos(i2.value, ':') + 1) else i2.value end)
            = i1.value
        and i2.person_id <> i1.person_id
      where i1.workspace_id = ${ws} and i1.kind in ('email', 'phone')
    ), per_kind as (
      select a, b, max(p) as p, (array_agg(reason order by p desc, reason))[1] as reason
      from evidence group by a, b, kind
    ), pairs as (
      select a, b, least(1 - exp(sum(ln(1 - least(p, 0.99)))), 1)::numeric(5, 4) as score,
        jsonb_agg(reason order by p desc, reason) as reasons
      from per_kind group by a, b
    ), written as (
      insert into merge_candidates as mc (workspace_id, person_a, person_b, score, reasons, scan_score, scan_reasons)
      select ${ws}, a, b, 0, '[]'::jsonb, score, reasons from pairs
      on conflict (workspace_id, person_a, person_b) do update
        set scan_score = excluded.scan_score, scan_reasons = excluded.scan_reasons
      returning 1
    )
    select count(*)::int as n from written`.execute(trx);
  // Pairs only an earlier scan had evidence for, and nobody decided on, are gone.
  await sql`
    delete from merge_candidates
    where workspace_id = ${workspaceId} and status = 'open' and scan_score is null and reasons = '[]'::jsonb`.execute(
    trx,
  );
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from merge_candidates where workspace_id = ${workspaceId} and status = 'open'`.execute(
    trx,
  );
  return { pairs: inserted.rows[0]?.n ?? 0, open: rows[0]?.n ?? 0 };
}
