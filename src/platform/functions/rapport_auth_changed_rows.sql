-- Trigger: stamps each workspace of the inserted or deleted rows (transition table `changed`), once
-- per statement: ending all of a user's sessions, or replacing a role's grants, stamps once.
create or replace function rapport_auth_changed_rows() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  perform rapport_stamp_auth_version(ws) from (select distinct workspace_id as ws from changed) d;
  return null;
end $$;
