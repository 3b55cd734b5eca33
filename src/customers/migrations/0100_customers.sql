-- People (customers and contacts), accounts (companies), and every identifier of a person.

create table accounts (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 300),
  domain citext,
  industry text,
  size text,
  owner_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, owner_id) references users (workspace_id, id)
);
create index accounts_name_trgm on accounts using gin (name gin_trgm_ops);
select rapport_enable_tenant_rls('accounts');

create table people (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  given_name text check (length(given_name) <= 200),
  family_name text check (length(family_name) <= 200),
  display_name text not null check (length(display_name) between 1 and 400),
  birthday date,
  address jsonb,
  language text,
  notes text,
  owner_id uuid,
  team_id uuid,
  lifecycle_stage text not null default 'awareness',
  account_id uuid,
  account_role text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, owner_id) references users (workspace_id, id),
  foreign key (workspace_id, team_id) references teams (workspace_id, id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id)
);
create index people_display_name_trgm on people using gin (display_name gin_trgm_ops);
create index people_created on people (workspace_id, created_at desc, id);
select rapport_enable_tenant_rls('people');

create table identities (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  kind text not null check (kind in ('email', 'phone', 'external', 'device', 'social')),
  value text not null,
  raw text,
  source text,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, kind, value),
  foreign key (workspace_id, person_id) references people (workspace_id, id) on delete cascade
);
create index identities_person on identities (workspace_id, person_id);
select rapport_enable_tenant_rls('identities');
