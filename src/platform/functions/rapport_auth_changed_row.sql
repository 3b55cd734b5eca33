-- Trigger: stamps the workspace of a changed row of api_tokens, sessions, users, roles or workspaces
-- (updates name the columns a caller's access rests on; PostgreSQL allows no transition table with a
-- column list, hence a row trigger). A row moved to another workspace stamps both.
create or replace function rapport_auth_changed_row() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_table_name = 'workspaces' then
    perform rapport_stamp_auth_version(new.id);
  else
    perform rapport_stamp_auth_version(new.workspace_id);
    if old.workspace_id is distinct from new.workspace_id then
      perform rapport_stamp_auth_version(old.workspace_id);
    end if;
  end if;
  return null;
end $$;
