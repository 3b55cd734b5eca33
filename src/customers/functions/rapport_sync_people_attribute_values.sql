-- Keeps people_attribute_values in step with people.attributes (triggers
-- people_attribute_values_insert and _update, migration 0109); see rapport_attribute_rows.
create or replace function rapport_sync_people_attribute_values() returns trigger
language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    delete from people_attribute_values where workspace_id = old.workspace_id and person_id = old.id;
  end if;
  insert into people_attribute_values (workspace_id, person_id, key, num, txt, dt, bool)
  select new.workspace_id, new.id, r.key, r.num, r.txt, r.dt, r.bool
  from rapport_attribute_rows(new.attributes) r
  where r.num is not null or r.txt is not null or r.bool is not null;
  return null;
end $$;
