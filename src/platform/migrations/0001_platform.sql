-- Rapport platform: workspaces, teams, roles and grants, users, sessions, API tokens, audit log, jobs.
-- Every tenant-owned table has workspace_id first in its primary key and in every foreign key.

create extension if not exists citext;
create extension if not exists pg_trgm;

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'rapport_tenant') then
    create role rapport_tenant nologin;
  end if;
exception when duplicate_object or unique_violation then null;
end $$;

do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant rapport_tenant to %I', current_user);
  end if;
end $$;

grant usage on schema public to rapport_tenant;
alter default privileges in schema public grant select, insert, update, delete on tables to rapport_tenant;
alter default privileges in schema public grant usage, select on sequences to rapport_tenant;

create or replace function rapport_current_workspace() returns uuid
language sql stable as $$ select nullif(current_setting('rapport.workspace_id', true), '')::uuid $$;

-- Row-level security as the second wall: a tenant transaction sees only its own workspace.
create or replace function rapport_enable_tenant_rls(tbl regclass) returns void
language plpgsql as $$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format(
    'create policy tenant_isolation on %s using (workspace_id = rapport_current_workspace()) '
    'with check (workspace_id = rapport_current_workspace())', tbl);
end $$;

create table workspaces (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  default_region text not null default 'US' check (default_region ~ '^[A-Z]{2}$'),
  created_at timestamptz not null default now()
);
alter table workspaces enable row level security;
create policy tenant_isolation on workspaces using (id = rapport_current_workspace());

create table teams (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name)
);
select rapport_enable_tenant_rls('teams');

create table roles (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (name ~ '^[a-z][a-z0-9_-]{0,62}$'),
  description text not null default '',
  built_in boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name)
);
select rapport_enable_tenant_rls('roles');

create table role_grants (
  workspace_id uuid not null,
  role_id uuid not null,
  object_type text not null,
  action text not null check (action in ('read', 'create', 'update', 'delete')),
  level text not null check (level in ('all', 'team', 'own', 'none')),
  primary key (workspace_id, role_id, object_type, action),
  foreign key (workspace_id, role_id) references roles (workspace_id, id) on delete cascade
);
select rapport_enable_tenant_rls('role_grants');

create table users (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email citext not null check (length(email) between 3 and 320),
  name text not null check (length(name) between 1 and 200),
  password_hash text,
  role_id uuid not null,
  team_id uuid,
  department text check (department in ('accounting', 'inventory', 'service', 'sales', 'marketing')),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, email),
  foreign key (workspace_id, role_id) references roles (workspace_id, id),
  foreign key (workspace_id, team_id) references teams (workspace_id, id)
);
select rapport_enable_tenant_rls('users');

create table sessions (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  token_hash text not null,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (workspace_id, id),
  unique (workspace_id, token_hash),
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
);
select rapport_enable_tenant_rls('sessions');

create table api_tokens (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  name text not null check (length(name) between 1 and 200),
  token_hash text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (workspace_id, id),
  unique (workspace_id, token_hash),
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
);
select rapport_enable_tenant_rls('api_tokens');

create table audit_log (
  workspace_id uuid not null references workspaces (id),
  id bigint generated always as identity,
  at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  actor_kind text not null check (actor_kind in ('user', 'token', 'system')),
  action text not null check (action in ('create', 'update', 'delete', 'merge')),
  object_type text not null,
  object_id text not null,
  changes jsonb not null default '{}'::jsonb,
  request_id text,
  primary key (workspace_id, id),
  foreign key (workspace_id, actor_user_id) references users (workspace_id, id)
);
create index audit_log_object on audit_log (workspace_id, object_type, object_id, id desc);
select rapport_enable_tenant_rls('audit_log');
revoke update, delete, truncate on audit_log from rapport_tenant;

-- Append-only for everyone, the table owner included.
create or replace function rapport_audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function rapport_audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function rapport_audit_log_is_append_only();

create table jobs (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null,
  state text not null default 'queued' check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  payload jsonb not null default '{}'::jsonb,
  result jsonb,
  error text,
  progress_done bigint not null default 0,
  progress_total bigint,
  attempts integer not null default 0,
  max_attempts integer not null default 3,
  run_after timestamptz not null default now(),
  locked_by text,
  locked_until timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, created_by) references users (workspace_id, id)
);
create index jobs_claimable on jobs (run_after) where state in ('queued', 'running');
select rapport_enable_tenant_rls('jobs');
