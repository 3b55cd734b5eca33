-- Index lookups of the search box that row-level security would turn into full scans.
--
-- In a tenant transaction PostgreSQL uses an index only for conditions it can prove leak nothing:
-- leakproof operators on plain columns (=, <, ~>=~ ...). LIKE, lower(), reverse() and pg_trgm's
-- similarity operators are not leakproof, so `lower(display_name) like 'ann%'` or
-- `display_name % 'Jon Smiht'` read every row of every workspace. These functions run those lookups
-- as the owner of the tables, restricted to the transaction's workspace (rapport_current_workspace(),
-- the setting the policies read) and to the caller's read level; they answer ids, which callers
-- join back to the tables under row-level security, so the second wall stays.
--
-- Prefixes are ranges (p ~>=~ x and p ~<~ x || U+10FFFF): unlike LIKE, a range on a parameter uses
-- the text_pattern_ops indexes of 0105_search in a cached (generic) plan.
--
-- Similar names: 'similar_name' uses pg_trgm's default thresholds (similarity 0.3, word similarity 0.6:
-- "Jon Smiht" finds "John Smith"); 'close_name' raises them (0.5, 0.8) for when better matches were
-- found already. The trigram index reads fewer candidates the higher the threshold, and candidates
-- are what a similar-name search costs on a large table.

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
        and lower(p.display_name) ~>=~ p_q and lower(p.display_name) ~<~ (p_q || chr(1114111))
        and (p_level = 'all' or p.owner_id = p_user or (p_level = 'team' and p.team_id = p_team))
      order by lower(p.display_name) using ~<~
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

create or replace function rapport_search_accounts(
  p_mode text,      -- 'name_prefix' (p_q case-folded), 'similar_name', 'close_name' or 'domain_prefix'
                    -- (p_q case-folded)
  p_q text,
  p_limit integer,
  p_level text,     -- the caller's accounts read level: 'all', 'team' or 'own'
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
      select a.id, null::text, null::real from accounts a
      where a.workspace_id = ws
        and lower(a.name) ~>=~ p_q and lower(a.name) ~<~ (p_q || chr(1114111))
        and (p_level = 'all' or a.owner_id = p_user or (p_level = 'team' and a.owner_id in (
          select u.id from users u where u.workspace_id = ws and u.team_id = p_team)))
      order by lower(a.name) using ~<~
      limit p_limit;
  elsif p_mode in ('similar_name', 'close_name') then
    perform set_config('pg_trgm.similarity_threshold', case when p_mode = 'close_name' then '0.5' else '0.3' end, true);
    perform set_config('pg_trgm.word_similarity_threshold', case when p_mode = 'close_name' then '0.8' else '0.6' end, true);
    return query
      select s.id, null::text, s.sim from (
        select a.id, greatest(similarity(a.name, p_q), word_similarity(p_q, a.name)) as sim
        from accounts a
        where a.workspace_id = ws and (a.name % p_q or a.name %> p_q)
          and (p_level = 'all' or a.owner_id = p_user or (p_level = 'team' and a.owner_id in (
            select u.id from users u where u.workspace_id = ws and u.team_id = p_team)))
      ) s
      order by s.sim desc, s.id
      limit p_limit;
  elsif p_mode = 'domain_prefix' then
    return query
      select a.id, a.domain::text, null::real from accounts a
      where a.workspace_id = ws and a.domain is not null
        and lower(a.domain::text) ~>=~ p_q and lower(a.domain::text) ~<~ (p_q || chr(1114111))
        and (p_level = 'all' or a.owner_id = p_user or (p_level = 'team' and a.owner_id in (
          select u.id from users u where u.workspace_id = ws and u.team_id = p_team)))
      order by lower(a.domain::text) using ~<~
      limit p_limit;
  else
    raise exception 'unknown accounts search mode %', p_mode using errcode = 'invalid_parameter_value';
  end if;
end $$;
