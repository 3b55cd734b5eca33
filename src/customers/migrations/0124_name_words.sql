-- Similar names through the vocabulary of name words, not trigrams of every name.
--
-- The trigram index of whole display names (0100) answered "Jon Smiht" by reading the posting lists
-- of every trigram of the query, each holding a large share of all people ("  j", " sm"): 64 ms
-- median and 181 ms at the 99th percentile at a million people. Names are made of few distinct
-- words, so the search now finds the words of the workspace's names that are close to each word
-- typed (a trigram search over thousands of words, not a million names), then the people whose
-- names hold a close word for every word typed (an index of each name's words), and ranks those few
-- by the similarity of the whole name as before.

-- The words of a name: lower case, split at spaces and punctuation ("Smith-Jones" is two words,
-- "O'Brien" one). Single expressions, so the planner inlines them (each row of a candidate list
-- would otherwise pay a function call).
create function rapport_name_words(name text) returns text[]
language sql immutable strict parallel safe as $$
  select string_to_array(btrim(regexp_replace(lower(name), '[\s.,;:()/"_&+-]+', ' ', 'g')), ' ')
$$;

-- The same words qualified by the workspace, as the people index holds them ('<workspace>:<word>'),
-- so one workspace's common names never weigh on another's lookups.
create function rapport_name_keys(ws uuid, name text) returns text[]
language sql immutable strict parallel safe as $$
  select string_to_array(
    regexp_replace(btrim(regexp_replace(lower(name), '[\s.,;:()/"_&+-]+', ' ', 'g')), '([^ ]+)', ws::text || ':\1', 'g'),
    ' ')
$$;

create index people_name_words on people using gin (rapport_name_keys(workspace_id, display_name));

-- Every word of the workspace's names; kept by the triggers below. "C" collation: a word prefix is
-- a range of the primary key.
create table person_name_words (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  word text collate "C" not null,
  primary key (workspace_id, word)
);
create index person_name_words_trgm on person_name_words using gin (word gin_trgm_ops);
select rapport_enable_tenant_rls('person_name_words');

insert into person_name_words (workspace_id, word)
select distinct p.workspace_id, w from people p cross join unnest(rapport_name_words(p.display_name)) as w;

-- New words of inserted or renamed people join the vocabulary (one statement per insert or update
-- statement; words already known are skipped before they are written, so concurrent writers of
-- common names never wait on each other). Words no name holds any more (a rename, an erasure, a
-- merge) leave it: the vocabulary keeps nothing of a person whose name is gone. As the owner, so
-- that the people index serves the check under row-level security; the workspaces come from rows
-- the statement was allowed to write.
-- Whether some name of the workspace still holds the word (through the people index).
create function rapport_name_word_used(ws uuid, word text) returns boolean
language sql stable parallel safe as $$
  select exists (
    select 1 from public.people p
    where p.workspace_id = ws and public.rapport_name_keys(p.workspace_id, p.display_name) @> array[ws::text || ':' || word])
$$;

create function rapport_learn_name_words() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into person_name_words (workspace_id, word)
    select distinct n.workspace_id, w from new_people n cross join unnest(rapport_name_words(n.display_name)) as w
    where not exists (select 1 from person_name_words v where v.workspace_id = n.workspace_id and v.word = w)
    on conflict do nothing;
  end if;
  if tg_op = 'UPDATE' then
    delete from person_name_words v using (
      select distinct o.workspace_id, w as word from old_people o
      join new_people n on n.workspace_id = o.workspace_id and n.id = o.id and n.display_name <> o.display_name
      cross join unnest(rapport_name_words(o.display_name)) as w
    ) g
    where v.workspace_id = g.workspace_id and v.word = g.word and not rapport_name_word_used(g.workspace_id, g.word);
  elsif tg_op = 'DELETE' then
    delete from person_name_words v using (
      select distinct o.workspace_id, w as word from old_people o cross join unnest(rapport_name_words(o.display_name)) as w
    ) g
    where v.workspace_id = g.workspace_id and v.word = g.word and not rapport_name_word_used(g.workspace_id, g.word);
  end if;
  return null;
end $$;

create trigger people_name_words_insert after insert on people
  referencing new table as new_people for each statement execute function rapport_learn_name_words();
create trigger people_name_words_update after update on people
  referencing old table as old_people new table as new_people
  for each statement execute function rapport_learn_name_words();
create trigger people_name_words_delete after delete on people
  referencing old table as old_people for each statement execute function rapport_learn_name_words();

-- A word and every word one edit away from it: a letter swapped with the next, left out, changed or
-- added (a-z and the letters the word has). A few hundred strings for a name word.
create function rapport_word_edits(w text) returns text[]
language sql immutable strict parallel safe as $$
  with letters as (
    select distinct l from unnest(string_to_array('abcdefghijklmnopqrstuvwxyz' || w, null)) as l
  )
  select array_agg(e) from (
    select w as e
    union select substr(w, 1, i - 1) || substr(w, i + 1, 1) || substr(w, i, 1) || substr(w, i + 2)
      from generate_series(1, length(w) - 1) as i
    union select substr(w, 1, i - 1) || substr(w, i + 1) from generate_series(1, length(w)) as i
    union select substr(w, 1, i - 1) || l || substr(w, i + 1) from generate_series(1, length(w)) as i, letters
    union select substr(w, 1, i) || l || substr(w, i + 1) from generate_series(0, length(w)) as i, letters
  ) edits
$$;

-- Similar names: for each word typed, the words of the vocabulary one edit away, up to 8 more by
-- trigram similarity (from 0.2: "simth" is 0.2 from "smith") and 8 it begins; then the people
-- with one of those for every word typed (a word with no close word narrows nothing), at most 5,000
-- of them. They rank by how well their words match the words typed (the word itself 1, one edit
-- away 0.9, else its trigram similarity), then by the similarity of the whole name as pg_trgm's %
-- and %> give it: "Laura Prery" finds Laura Perry before Laura Price. Every word of these names is
-- already close to a word typed, so the whole name needs less similarity than the trigram search
-- asked (0.2 instead of 0.3, 0.5 of a word instead of 0.6: "Jon Simth" is 0.24 from "John Smith");
-- 'close' (better matches found already) keeps 0.5 and 0.8.
create function rapport_similar_people(
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
  keys text[] := '{}';
  slots integer[] := '{}';
  scores real[] := '{}';
  conditions text := '';
begin
  perform set_config('pg_trgm.similarity_threshold', '0.2', true);
  foreach w in array array(select distinct unnest(rapport_name_words(p_q))) loop
    words := words + 1;
    select array_agg(ws::text || ':' || c.word), array_agg(c.score) into near, near_scores from (
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
    end if;
  end loop;
  if conditions = '' then
    return;
  end if;
  return query execute format($q$
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
    )
    select s.id, null::text, (0.7 * s.words + 0.3 * greatest(s.whole, s.part))::real from scored s
    where s.whole >= $6 or s.part >= $7
    order by 3 desc, s.id
    limit $8$q$, conditions)
  using p_q, ws, p_level, p_user, p_team,
    case when p_close then 0.5 else 0.2 end::real, case when p_close then 0.8 else 0.5 end::real, p_limit,
    words, keys, slots, scores;
end $$;

-- As in 0123_people_name_key but for similar names.
create or replace function rapport_search_people(
  p_mode text,      -- 'name_prefix' (p_q case-folded), 'similar_name', 'close_name' or 'phone_suffix'
                    -- (p_q: the reversed digits)
  p_q text,
  p_limit integer,
  p_level text,     -- the caller's people read level: 'all', 'team' or 'own'
  p_user uuid,
  p_team uuid
) returns table (found_id uuid, found_value text, found_similarity real)
language plpgsql volatile security definer rows 20
set search_path = public, pg_temp
as $$
declare
  ws uuid := rapport_current_workspace();
begin
  if ws is null then
    return;
  end if;
  if p_mode = 'name_prefix' then
    return query
      select p.id, null::text, null::real from people p
      where p.workspace_id = ws
        and p.name_key ~>=~ p_q and p.name_key ~<~ (p_q || chr(1114111))
        and (p_level = 'all' or p.owner_id = p_user or (p_level = 'team' and p.team_id = p_team))
      order by p.name_key using ~<~
      limit p_limit;
  elsif p_mode in ('similar_name', 'close_name') then
    return query select * from rapport_similar_people(ws, p_q, p_limit, p_level, p_user, p_team, p_mode = 'close_name');
  elsif p_mode = 'phone_suffix' then
    return query
      select i.person_id, i.value, null::real from identities i
      join people p on p.workspace_id = i.workspace_id and p.id = i.person_id
      where i.workspace_id = ws and i.kind = 'phone'
        and reverse(i.value) ~>=~ p_q and reverse(i.value) ~<~ (p_q || chr(1114111))
        and (p_level = 'all' or p.owner_id = p_user or (p_level = 'team' and p.team_id = p_team))
      limit p_limit;
  else
    raise exception 'unknown people search mode %', p_mode using errcode = 'invalid_parameter_value';
  end if;
end $$;

-- Only the similar-name search read it; every insert of a person paid for ~15 trigram entries.
drop index people_display_name_trgm;
