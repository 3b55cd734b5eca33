-- Similar account names through the trigram index accounts_name_trgm, which leads with the workspace
-- (btree_gin, migration 0128). Asked as one condition, "similar to the whole name or to a word of
-- it" (% or %>), the planner never combined the index's two scans and compared every account of the
-- workspace instead, taking trigram comparisons for cheap: 2,500 accounts took 30-70 ms on the
-- embedded database, 25,000 took 3-5 ms on a server. Asked as two scans, with sequential scans off
-- for the function's statement, only the accounts of the workspace that share trigrams with the
-- name are compared. Thresholds: pg_trgm's defaults (similarity 0.3, word similarity 0.6), or 0.5
-- and 0.8 with p_close.
--
-- As the owner of the tables, past row-level security, for the workspace given as an argument: so
-- not executable by tenant transactions, only through rapport_search_accounts.
create or replace function rapport_similar_accounts(
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
revoke execute on function rapport_similar_accounts(uuid, text, integer, text, uuid, uuid, boolean) from public;
