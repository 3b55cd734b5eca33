-- Accounts now carry a team: the search box's team read level covers the team's accounts, not only
-- those owned by its members (same function as 0105_search_functions otherwise).

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
        and (p_level = 'all' or a.owner_id = p_user or (p_level = 'team' and (a.team_id = p_team or a.owner_id in (
          select u.id from users u where u.workspace_id = ws and u.team_id = p_team))))
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
          and (p_level = 'all' or a.owner_id = p_user or (p_level = 'team' and (a.team_id = p_team or a.owner_id in (
            select u.id from users u where u.workspace_id = ws and u.team_id = p_team))))
      ) s
      order by s.sim desc, s.id
      limit p_limit;
  elsif p_mode = 'domain_prefix' then
    return query
      select a.id, a.domain::text, null::real from accounts a
      where a.workspace_id = ws and a.domain is not null
        and lower(a.domain::text) ~>=~ p_q and lower(a.domain::text) ~<~ (p_q || chr(1114111))
        and (p_level = 'all' or a.owner_id = p_user or (p_level = 'team' and (a.team_id = p_team or a.owner_id in (
          select u.id from users u where u.workspace_id = ws and u.team_id = p_team))))
      order by lower(a.domain::text) using ~<~
      limit p_limit;
  else
    raise exception 'unknown accounts search mode %', p_mode using errcode = 'invalid_parameter_value';
  end if;
end $$;

-- Ids for the list filters that row-level security would turn into full scans: `lower(name) like
-- 'ann%'` and `lower(domain) = ...` are not leakproof, so a tenant transaction reads the whole table.
-- As the owner of the tables, limited to the transaction's workspace, these use the indexes of
-- 0105_search. p_filter: 'people_name_prefix' and 'accounts_name_prefix' (p_value case-folded),
-- 'accounts_domain' (p_value case-folded, exact). The lists join the ids back under row-level
-- security and the caller's read level, so they show nothing the caller may not read.
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
  if p_filter = 'people_name_prefix' then
    return query select p.id from people p
      where p.workspace_id = ws
        and lower(p.display_name) ~>=~ p_value and lower(p.display_name) ~<~ (p_value || chr(1114111));
  elsif p_filter = 'accounts_name_prefix' then
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
