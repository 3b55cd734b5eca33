-- Similar names through the vocabulary of name words (person_name_words, migration 0124), not
-- trigrams of every name: names are made of few distinct words, so the search finds the words of
-- the workspace's names close to each word typed (a search over thousands of words, not a million
-- names), then the people whose names hold a close word for every word typed (the index
-- people_name_words on rapport_name_keys), and ranks those few.
--
-- For each word typed: the vocabulary's words one edit away (rapport_word_edits; scored 1 for the
-- word itself, 0.9 for a typing slip), up to 8 more by trigram similarity (from 0.2: "simth" is 0.2
-- from "smith") and 8 it begins (scored by similarity); then the people with one of those for every
-- word typed (a word with no close word narrows nothing), at most 5,000 of them. They rank by how
-- well their words match the words typed, then by the similarity of the whole name as pg_trgm's %
-- and %> give it: "Laura Prery" finds Laura Perry before Laura Price. Every word of these names is
-- already close to a word typed, so the whole name needs less similarity than a plain trigram
-- search (0.2 instead of 0.3, 0.5 of a word instead of 0.6: "Jon Simth" is 0.24 from "John Smith");
-- p_close (better matches found already) keeps 0.5 and 0.8.
--
-- Two passes: people holding only a loose word rank below those holding the close ones, yet asking
-- for loose words made the index read the posting lists of common names ("jonson" brought "john",
-- "jones" and "jackson" to the search for "Johnson": 317 candidates where the close words alone had
-- 40). So the first pass asks for the close words of every word typed; only when that finds fewer
-- people than asked for (or a word typed has no close word) does the second pass ask for all.
--
-- As the owner of the tables, past row-level security, for the workspace given as an argument: so
-- not executable by tenant transactions (which could ask about another workspace), only through
-- rapport_search_people, which passes the transaction's own workspace.
create or replace function rapport_similar_people(
  ws uuid, p_q text, p_limit integer, p_level text, p_user uuid, p_team uuid, p_close boolean
) returns table (found_id uuid, found_value text, found_similarity real)
language plpgsql volatile security definer rows 20
set search_path = public, pg_temp
as $$
declare
  w text;
  words integer := 0;
  near text[];
  near_scores real[];
  strong text[];
  keys text[] := '{}';
  slots integer[] := '{}';
  scores real[] := '{}';
  conditions text := '';
  strong_conditions text := '';
  all_strong boolean := true;
  ranked text;
  ids uuid[];
  sims real[];
begin
  perform set_config('pg_trgm.similarity_threshold', '0.2', true);
  foreach w in array array(select distinct unnest(rapport_name_words(p_q))) loop
    words := words + 1;
    select array_agg(ws::text || ':' || c.word), array_agg(c.score),
        array_agg(ws::text || ':' || c.word) filter (where c.score >= 0.9::real)
      into near, near_scores, strong from (
      select c.word, max(c.score) as score from (
        -- The word itself and every word one typing slip away ("tarn" for "tran", "knig" for
        -- "king": too short for trigrams to see), each an exact lookup.
        select v.word, case when v.word = w then 1 else 0.9 end::real as score from person_name_words v
        where v.workspace_id = ws and v.word = any(rapport_word_edits(w))
        union all
        (select v.word, similarity(v.word, w) from person_name_words v
          where v.workspace_id = ws and v.word % w
          order by similarity(v.word, w) desc, v.word limit 8)
        union all
        (select v.word, similarity(v.word, w) from person_name_words v
          where v.workspace_id = ws and length(w) >= 3 and v.word >= w and v.word < w || chr(1114111)
          order by v.word limit 8)
      ) c group by c.word
    ) c;
    if near is not null then
      keys := keys || near;
      scores := scores || near_scores;
      slots := slots || array_fill(words, array[cardinality(near)]);
      conditions := conditions || format(' and rapport_name_keys(p.workspace_id, p.display_name) && %L::text[]', near);
      if strong is null then
        all_strong := false;
      else
        strong_conditions := strong_conditions
          || format(' and rapport_name_keys(p.workspace_id, p.display_name) && %L::text[]', strong);
      end if;
    end if;
  end loop;
  if conditions = '' then
    return;
  end if;
  ranked := $q$
    with candidates as (
      select p.id, p.display_name, rapport_name_keys(p.workspace_id, p.display_name) as name_keys from people p
      where p.workspace_id = $2 %s
        and ($3 = 'all' or p.owner_id = $4 or ($3 = 'team' and p.team_id = $5))
      limit 5000
    ),
    matched as (
      select c.id, sum(w.best) / $9 as words from (
        select c.id, n.slot, max(n.score) as best
        from candidates c cross join unnest(c.name_keys) as k(key)
        join unnest($10::text[], $11::int[], $12::real[]) as n(key, slot, score) on n.key = k.key
        group by c.id, n.slot
      ) w join candidates c on c.id = w.id
      group by c.id
    ),
    scored as (
      select c.id, m.words, similarity(c.display_name, $1) as whole, word_similarity($1, c.display_name) as part
      from candidates c join matched m on m.id = c.id
    ),
    best as (
      select s.id, (0.7 * s.words + 0.3 * greatest(s.whole, s.part))::real as similarity from scored s
      where s.whole >= $6 or s.part >= $7
      order by 2 desc, s.id
      limit $8
    )
    select array_agg(id order by similarity desc, id), array_agg(similarity order by similarity desc, id)
    from best$q$;
  if all_strong and strong_conditions <> conditions then
    execute format(ranked, strong_conditions) into ids, sims
    using p_q, ws, p_level, p_user, p_team,
      case when p_close then 0.5 else 0.2 end::real, case when p_close then 0.8 else 0.5 end::real, p_limit,
      words, keys, slots, scores;
  end if;
  if coalesce(cardinality(ids), 0) < p_limit then
    execute format(ranked, conditions) into ids, sims
    using p_q, ws, p_level, p_user, p_team,
      case when p_close then 0.5 else 0.2 end::real, case when p_close then 0.8 else 0.5 end::real, p_limit,
      words, keys, slots, scores;
  end if;
  return query select u.id, null::text, u.similarity from unnest(ids, sims) as u(id, similarity);
end $$;
revoke execute on function rapport_similar_people(uuid, text, integer, text, uuid, uuid, boolean) from public;
