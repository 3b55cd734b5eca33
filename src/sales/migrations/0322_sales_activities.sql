-- Sales calls, meetings and demos: each is an interaction on the customer's timeline (recorded by the
-- interactions slice) linked here to its opportunity, with its outcome, the next step, and the task
-- that next step scheduled (a task of the tasks slice, whose migrations come later: no foreign key).

create table sales_activities (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  opportunity_id uuid not null,
  interaction_id uuid not null,
  kind text not null check (kind in ('call', 'meeting', 'demo')),
  occurred_at timestamptz not null,
  outcome text check (length(outcome) between 1 and 500),
  next_step text check (length(next_step) between 1 and 500),
  task_id uuid,
  owner_id uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, opportunity_id) references opportunities (workspace_id, id) on delete cascade,
  foreign key (workspace_id, interaction_id) references interactions (workspace_id, id),
  foreign key (workspace_id, owner_id) references users (workspace_id, id)
);
create index sales_activities_opportunity on sales_activities (workspace_id, opportunity_id, occurred_at desc, id desc);
create index sales_activities_owner on sales_activities (workspace_id, owner_id, occurred_at);
create index sales_activities_time on sales_activities (workspace_id, occurred_at);
select rapport_enable_tenant_rls('sales_activities');
