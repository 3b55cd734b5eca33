-- People's names case-folded in a column of their own, name_key = lower(display_name), so the
-- people list's name-prefix filter is a plain range on an indexed column under row-level security.
--
-- Before, the prefix was `lower(display_name)`, which row-level security keeps off any index
-- (lower() is not leakproof), so the list took the matching ids from rapport_list_filter_ids (0108)
-- and joined them back: one heap fetch per match inside the function (the id is not in
-- people_name_prefix), then one people_pkey probe per match, in a plan made for the 1,000 rows the
-- planner assumes of a set-returning function. A 1M-person workspace on PostgreSQL 15 where 125,000
-- names start with "ann" (src/customers/list-sort-bench.ts): the count took 1.0 s p50, the list's
-- first page 1.7 s. `name_key ~>=~ $1` is leakproof operators on a plain column: the count is an
-- index-only scan of people_name_key (21 ms p50), the first page walks its sort's own index until
-- 200 match (14 ms), and the planner has the column's statistics for a rare prefix.
--
-- Adding a stored generated column rewrites the table under an exclusive lock (81 s for 2M people
-- on a busy 2-core machine). Run `vacuum analyze people` after it: until a vacuum marks the pages
-- all-visible, the index-only count also reads the heap (230 ms p50 for those 125,000).
-- people_name_key replaces people_name_prefix (same entries); the search box's name prefix
-- (rapport_search_people) reads it, and rapport_list_filter_ids keeps its accounts filters only.
-- Both functions are otherwise as in 0105_search_functions and 0108.

alter table people add column name_key text generated always as (lower(display_name)) stored;
create index people_name_key on people (workspace_id, name_key text_pattern_ops);
drop index people_name_prefix;

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
    perform set_config('pg_trgm.similarity_threshold', case when p_mode = 'close_name' then '0.5' else '0.3' end, true);
    perform set_config('pg_trgm.word_similarity_threshold', case when p_mode = 'close_name' then '0.8' else '0.6' end, true);
    return query
      select s.id, null::text, s.sim from (
        select p.id, greatest(similarity(p.display_name, p_q), word_similarity(p_q, p.display_name)) as sim
        from people p
        where p.workspace_id = ws and (p.display_name % p_q or p.display_name %> p_q)
          and (p_level = 'all' or p.owner_id = p_user or (p_level = 'team' and p.team_id = p_team))
      ) s
      order by s.sim desc, s.id
      limit p_limit;
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

-- Ids for the accounts list's filters that row-level security would turn into full scans (see 0108):
-- 'accounts_name_prefix' (p_value case-folded) and 'accounts_domain' (p_value case-folded, exact).
create or replace function rapport_list_filter_ids(p_filter text, p_value text)
returns table (found_id uuid)
language plpgsql stable security definer rows 1000
set search_path = public, pg_temp
as $$
declare
  ws uuid := rapport_current_workspace();
begin
  if ws is null then
    return;
  end if;
  if p_filter = 'accounts_name_prefix' then
    return query select a.id from accounts a
      where a.workspace_id = ws
        and lower(a.name) ~>=~ p_value and lower(a.name) ~<~ (p_value || chr(1114111));
  elsif p_filter = 'accounts_domain' then
    return query select a.id from accounts a
      where a.workspace_id = ws and a.domain is not null and lower(a.domain::text) = p_value;
  else
    raise exception 'unknown list filter %', p_filter using errcode = 'invalid_parameter_value';
  end if;
end $$;
