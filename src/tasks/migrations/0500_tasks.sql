-- Call-backs, follow-ups and to-dos with a due time and an assignee, and notes on any record.

create table tasks (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  kind text not null default 'follow_up' check (kind in ('call_back', 'follow_up', 'to_do')),
  title text not null check (length(title) between 1 and 300),
  details text check (length(details) <= 10000),
  due_at timestamptz not null,
  assignee_id uuid not null,
  team_id uuid,
  person_id uuid,
  account_id uuid,
  done_at timestamptz,
  done_by uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, assignee_id) references users (workspace_id, id),
  foreign key (workspace_id, team_id) references teams (workspace_id, id),
  foreign key (workspace_id, person_id) references people (workspace_id, id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id),
  foreign key (workspace_id, done_by) references users (workspace_id, id),
  foreign key (workspace_id, created_by) references users (workspace_id, id)
);
create index tasks_open_by_assignee on tasks (workspace_id, assignee_id, due_at) where done_at is null;
create index tasks_person on tasks (workspace_id, person_id, due_at);
select rapport_enable_tenant_rls('tasks');

create table notes (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  object_type text not null check (object_type in ('people', 'accounts', 'orders', 'tasks', 'interactions')),
  object_id uuid not null,
  body text not null check (length(body) between 1 and 20000),
  author_id uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, author_id) references users (workspace_id, id)
);
create index notes_object on notes (workspace_id, object_type, object_id, created_at desc);
select rapport_enable_tenant_rls('notes');
