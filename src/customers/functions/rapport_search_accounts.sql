-- The search box's index lookups of accounts, which row-level security would turn into full scans:
-- as rapport_search_people (see there why), restricted to the transaction's workspace and to the
-- caller's read level; the team read level covers the team's accounts and those owned by its members.
--
-- Modes: 'name_prefix' (p_q case-folded), 'similar_name' and 'close_name' (through the trigram
-- index, rapport_similar_accounts), 'domain_prefix' (p_q case-folded).
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
