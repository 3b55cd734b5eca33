-- The search box's and caller lookup's index lookups of people, which row-level security would turn
-- into full scans.
--
-- In a tenant transaction PostgreSQL uses an index only for conditions it can prove leak nothing:
-- leakproof operators on plain columns (=, <, ~>=~ ...). LIKE, lower(), reverse() and pg_trgm's
-- similarity operators are not leakproof, so `lower(display_name) like 'ann%'` or
-- `display_name % 'Jon Smiht'` read every row of every workspace. This function runs those lookups
-- as the owner of the tables, restricted to the transaction's workspace (rapport_current_workspace(),
-- the setting the policies read) and to the caller's read level; it answers ids, which callers join
-- back to the tables under row-level security, so the second wall stays.
--
-- Modes:
-- - 'name_prefix': p_q case-folded; a range on people.name_key (= lower(display_name), its own
--   indexed column, migration 0123). Prefixes are ranges (p ~>=~ x and p ~<~ x || U+10FFFF): unlike
--   LIKE, a range on a parameter uses the text_pattern_ops index in a cached (generic) plan.
-- - 'similar_name' and 'close_name' (better matches were found already: stricter): through the
--   vocabulary of name words, rapport_similar_people.
-- - 'phone_suffix': p_q is the reversed digits; identities_phone_suffix (migration 0105_search)
--   holds phones reversed, so "ends with 5550100" is the prefix '0010555'.
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
