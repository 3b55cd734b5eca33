-- A note's record is a checked reference: one foreign-key column per kind of record, exactly one set,
-- matching object_type. object_id stays (the API's objectId, and the index notes are listed by) as
-- the set column's value, generated. A note could name any id, and notes on a person merged into
-- another stayed on the merged id (merges re-point what references a person by foreign key, and this
-- did not): with person_id they move like every other row of the person, and go when the record goes.

alter table notes
  add column person_id uuid,
  add column account_id uuid,
  add column order_id uuid,
  add column task_id uuid,
  add column interaction_id uuid;

-- Notes left on a person merged away go to the survivor (a tombstone always names a live person).
update notes n set object_id = t.survivor_id
from person_tombstones t
where n.object_type = 'people' and t.workspace_id = n.workspace_id and t.merged_id = n.object_id;

update notes n set person_id = n.object_id
where n.object_type = 'people'
  and exists (select 1 from people r where r.workspace_id = n.workspace_id and r.id = n.object_id);
update notes n set account_id = n.object_id
where n.object_type = 'accounts'
  and exists (select 1 from accounts r where r.workspace_id = n.workspace_id and r.id = n.object_id);
update notes n set order_id = n.object_id
where n.object_type = 'orders'
  and exists (select 1 from orders r where r.workspace_id = n.workspace_id and r.id = n.object_id);
update notes n set task_id = n.object_id
where n.object_type = 'tasks'
  and exists (select 1 from tasks r where r.workspace_id = n.workspace_id and r.id = n.object_id);
update notes n set interaction_id = n.object_id
where n.object_type = 'interactions'
  and exists (select 1 from interactions r where r.workspace_id = n.workspace_id and r.id = n.object_id);

-- A note on no record (an id that never existed, or a record since deleted) is shown with none: gone.
delete from notes where num_nonnulls(person_id, account_id, order_id, task_id, interaction_id) = 0;

drop index notes_object;
alter table notes drop column object_id;
alter table notes
  add column object_id uuid not null
    generated always as (coalesce(person_id, account_id, order_id, task_id, interaction_id)) stored,
  add constraint notes_one_target check (
    num_nonnulls(person_id, account_id, order_id, task_id, interaction_id) = 1
    and case object_type
      when 'people' then person_id
      when 'accounts' then account_id
      when 'orders' then order_id
      when 'tasks' then task_id
      when 'interactions' then interaction_id
    end is not null),
  add foreign key (workspace_id, person_id) references people (workspace_id, id) on delete cascade,
  add foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
  add foreign key (workspace_id, order_id) references orders (workspace_id, id) on delete cascade,
  add foreign key (workspace_id, task_id) references tasks (workspace_id, id) on delete cascade,
  add foreign key (workspace_id, interaction_id) references interactions (workspace_id, id) on delete cascade;

create index notes_object on notes (workspace_id, object_type, object_id, created_at desc);
-- A deleted or merged record finds its notes by these (the list above serves people by object_id,
-- but a foreign key's checks and a merge's re-pointing look up the column itself).
create index notes_person on notes (workspace_id, person_id) where person_id is not null;
create index notes_account on notes (workspace_id, account_id) where account_id is not null;
create index notes_order on notes (workspace_id, order_id) where order_id is not null;
create index notes_task on notes (workspace_id, task_id) where task_id is not null;
create index notes_interaction on notes (workspace_id, interaction_id) where interaction_id is not null;
