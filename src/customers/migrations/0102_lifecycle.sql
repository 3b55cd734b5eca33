-- Every lifecycle stage change of a person, so time in stage and stage-to-stage conversion can be measured.

alter table people add constraint people_lifecycle_stage_check check (lifecycle_stage in
  ('awareness', 'knowledge', 'consideration', 'pre_sales', 'evaluation', 'customer', 'retained', 'expanded', 'churned'));

create table lifecycle_changes (
  workspace_id uuid not null,
  id bigint generated always as identity,
  person_id uuid not null,
  from_stage text,
  to_stage text not null,
  changed_at timestamptz not null default now(),
  changed_by uuid,
  primary key (workspace_id, id),
  foreign key (workspace_id, person_id) references people (workspace_id, id) on delete cascade,
  foreign key (workspace_id, changed_by) references users (workspace_id, id)
);
create index lifecycle_changes_person on lifecycle_changes (workspace_id, person_id, changed_at);
select rapport_enable_tenant_rls('lifecycle_changes');
