-- Similar account names through the trigram index. Asked as one condition, "similar to the whole name
-- or to a word of it" (% or %>), the planner never combined the index's two scans and compared every
-- account of the workspace instead, taking trigram comparisons for cheap: 2,500 accounts took 30-70 ms
-- on the embedded database (about 28 us a comparison there), 25,000 took 3-5 ms on a server. Asked
-- as two scans of a trigram index that leads with the workspace (btree_gin, as 0125 for name words),
-- with sequential scans off for the function's statement, only the accounts of the workspace that
-- share trigrams with the name are compared.
drop index accounts_name_trgm;
create index accounts_name_trgm on accounts using gin (workspace_id, name gin_trgm_ops);

create function rapport_similar_accounts(
  ws uuid, p_q text, p_limit integer, p_level text, p_user uuid, p_team uuid, p_close boolean
) returns table (found_id uuid, found_value text, found_similarity real)
language plpgsql volatile security definer rows 20
set search_path = public, pg_temp
set enable_seqscan = off
as $$
begin
  perform set_config('pg_trgm.similarity_threshold', case when p_close then '0.5' else '0.3' end, true);
  perform set_config('pg_trgm.word_similarity_threshold', case when p_close then '0.8' else '0.6' end, true);
  return query
    select s.id, null::text, s.sim from (
      select a.id, greatest(similarity(a.name, p_q), word_similarity(p_q, a.name)) as sim
      from accounts a
      where a.workspace_id = ws
        and a.id in (
          select x.id from accounts x where x.workspace_id = ws and x.name % p_q
          union
          select x.id from accounts x where x.workspace_id = ws and x.name %> p_q)
        and (p_level = 'all' or a.owner_id = p_user or (p_level = 'team' and (a.team_id = p_team or a.owner_id in (
          select u.id from users u where u.workspace_id = ws and u.team_id = p_team))))
    ) s
    order by s.sim desc, s.id
    limit p_limit;
end $$;

-- As in 0108_account_search_team but for similar names.
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
    return query select * from rapport_similar_accounts(ws, p_q, p_limit, p_level, p_user, p_team, p_mode = 'close_name');
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
