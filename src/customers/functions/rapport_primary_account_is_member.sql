-- people.account_id is the person's primary account; account_members is the truth of who belongs to
-- which account. The services keep the primary account pointing at one of the person's memberships;
-- this trigger function gives every primary account set by other writers (bulk loads, a merge) its
-- membership (triggers people_primary_account_insert and _update, migration 0107).
create or replace function rapport_primary_account_is_member() returns trigger
language plpgsql as $$
begin
  insert into account_members (workspace_id, account_id, person_id, role)
  values (new.workspace_id, new.account_id, new.id, new.account_role)
  on conflict do nothing;
  return null;
end $$;
