-- Ids for the accounts list's filters that row-level security would turn into full scans:
-- `lower(name) like 'ann%'` and `lower(domain) = ...` are not leakproof, so a tenant transaction
-- reads the whole table. As the owner of the tables, limited to the transaction's workspace, these
-- use the indexes of migration 0105_search. p_filter: 'accounts_name_prefix' (p_value case-folded)
-- and 'accounts_domain' (p_value case-folded, exact). The list joins the ids back under row-level
-- security and the caller's read level, so it shows nothing the caller may not read. (The people
-- list filters names on people.name_key itself, migration 0123.)
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
