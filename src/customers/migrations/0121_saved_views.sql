-- Saved views of the people and accounts lists: filters, sort order and columns, per user,
-- optionally shared with the whole workspace.

create table saved_views (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  object_type text not null check (object_type in ('people', 'accounts')),
  name text not null check (length(name) between 1 and 100),
  shared boolean not null default false,
  definition jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, user_id, object_type, name),
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
);
create index saved_views_shared on saved_views (workspace_id, object_type) where shared;
select rapport_enable_tenant_rls('saved_views');
