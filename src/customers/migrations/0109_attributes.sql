-- Typed custom attributes per workspace: definitions, and the values of people and accounts
-- kept as typed rows so that list filters use an index.
--
-- The values stay in people.attributes / accounts.attributes (jsonb: what the API shows and a merge
-- combines); triggers copy each scalar value into *_attribute_values, one row per record and key,
-- with the value in the column of its type. Filters are then index ranges on plain columns with
-- leakproof operators (float8, date, text and boolean comparisons), which PostgreSQL uses inside a
-- tenant transaction under row-level security. (jsonb operators such as @> are not leakproof, and
-- an expression index per key would need DDL at run time; numeric comparisons are not leakproof
-- either, hence float8.)

create table attribute_definitions (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  object_type text not null check (object_type in ('people', 'accounts')),
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  label text not null check (length(label) between 1 and 200),
  type text not null check (type in ('text', 'number', 'date', 'boolean', 'choice')),
  options jsonb,
  required boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, object_type, key),
  check ((type = 'choice') = (options is not null))
);
select rapport_enable_tenant_rls('attribute_definitions');

create table people_attribute_values (
  workspace_id uuid not null,
  person_id uuid not null,
  key text not null,
  num float8,
  txt text,
  dt date,
  bool boolean,
  primary key (workspace_id, person_id, key),
  foreign key (workspace_id, person_id) references people (workspace_id, id) on delete cascade
);
create index people_attribute_values_num on people_attribute_values (workspace_id, key, num, person_id)
  where num is not null;
create index people_attribute_values_txt on people_attribute_values (workspace_id, key, txt, person_id)
  where txt is not null;
create index people_attribute_values_dt on people_attribute_values (workspace_id, key, dt, person_id)
  where dt is not null;
create index people_attribute_values_bool on people_attribute_values (workspace_id, key, bool, person_id)
  where bool is not null;
select rapport_enable_tenant_rls('people_attribute_values');

create table account_attribute_values (
  workspace_id uuid not null,
  account_id uuid not null,
  key text not null,
  num float8,
  txt text,
  dt date,
  bool boolean,
  primary key (workspace_id, account_id, key),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade
);
create index account_attribute_values_num on account_attribute_values (workspace_id, key, num, account_id)
  where num is not null;
create index account_attribute_values_txt on account_attribute_values (workspace_id, key, txt, account_id)
  where txt is not null;
create index account_attribute_values_dt on account_attribute_values (workspace_id, key, dt, account_id)
  where dt is not null;
create index account_attribute_values_bool on account_attribute_values (workspace_id, key, bool, account_id)
  where bool is not null;
select rapport_enable_tenant_rls('account_attribute_values');

-- A 'YYYY-MM-DD' string as a date; null for anything else (including '2026-02-30').
create or replace function rapport_attribute_date(v text) returns date
language plpgsql immutable as $$
begin
  if v !~ '^\d{4}-\d{2}-\d{2}$' then
    return null;
  end if;
  return v::date;
exception when others then
  return null;
end $$;

-- The typed rows of one attributes object: numbers (within float8), strings (up to 1000 characters;
-- dates also as dates), booleans. Objects, arrays and nulls are not filterable and get no row.
create or replace function rapport_attribute_rows(attrs jsonb)
returns table (key text, num float8, txt text, dt date, bool boolean)
language sql immutable as $$
  select e.key,
    case when jsonb_typeof(e.value) = 'number' then
      case when abs((e.value)::numeric) < 1e300 then (e.value)::float8 end end,
    case when jsonb_typeof(e.value) = 'string' and length(e.value #>> '{}') <= 1000 then e.value #>> '{}' end,
    case when jsonb_typeof(e.value) = 'string' then rapport_attribute_date(e.value #>> '{}') end,
    case when jsonb_typeof(e.value) = 'boolean' then (e.value)::boolean end
  from jsonb_each(attrs) e
  where jsonb_typeof(e.value) in ('number', 'string', 'boolean')
$$;

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
create trigger people_attribute_values_insert after insert on people
  for each row when (new.attributes <> '{}'::jsonb) execute function rapport_sync_people_attribute_values();
create trigger people_attribute_values_update after update of attributes on people
  for each row when (new.attributes is distinct from old.attributes)
  execute function rapport_sync_people_attribute_values();

create or replace function rapport_sync_account_attribute_values() returns trigger
language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    delete from account_attribute_values where workspace_id = old.workspace_id and account_id = old.id;
  end if;
  insert into account_attribute_values (workspace_id, account_id, key, num, txt, dt, bool)
  select new.workspace_id, new.id, r.key, r.num, r.txt, r.dt, r.bool
  from rapport_attribute_rows(new.attributes) r
  where r.num is not null or r.txt is not null or r.bool is not null;
  return null;
end $$;
create trigger account_attribute_values_insert after insert on accounts
  for each row when (new.attributes <> '{}'::jsonb) execute function rapport_sync_account_attribute_values();
create trigger account_attribute_values_update after update of attributes on accounts
  for each row when (new.attributes is distinct from old.attributes)
  execute function rapport_sync_account_attribute_values();

-- Values written before this migration.
insert into people_attribute_values (workspace_id, person_id, key, num, txt, dt, bool)
select p.workspace_id, p.id, r.key, r.num, r.txt, r.dt, r.bool
from people p cross join lateral rapport_attribute_rows(p.attributes) r
where p.attributes <> '{}'::jsonb and (r.num is not null or r.txt is not null or r.bool is not null);
