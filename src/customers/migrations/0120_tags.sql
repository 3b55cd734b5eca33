-- Tags on people and accounts (lower-case labels such as "vip"), filterable in the lists, and the
-- indexes behind the lists' sort orders (name and last change, keyset-paged with the id).

create table person_tags (
  workspace_id uuid not null,
  person_id uuid not null,
  tag text not null check (length(tag) between 1 and 50 and tag = lower(btrim(tag))),
  created_at timestamptz not null default now(),
  primary key (workspace_id, person_id, tag),
  foreign key (workspace_id, person_id) references people (workspace_id, id) on delete cascade
);
create index person_tags_tag on person_tags (workspace_id, tag, person_id);
select rapport_enable_tenant_rls('person_tags');

create table account_tags (
  workspace_id uuid not null,
  account_id uuid not null,
  tag text not null check (length(tag) between 1 and 50 and tag = lower(btrim(tag))),
  created_at timestamptz not null default now(),
  primary key (workspace_id, account_id, tag),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);
create index account_tags_tag on account_tags (workspace_id, tag, account_id);
select rapport_enable_tenant_rls('account_tags');

create index people_display_name_sort on people (workspace_id, display_name, id);
create index people_updated_sort on people (workspace_id, updated_at, id);
