-- Accounts (companies) get a team and custom attributes; people belong to accounts with a role.
--
-- account_members is the truth of who belongs to which account (a person may belong to several).
-- people.account_id stays as the person's primary account (the customer 360 shows it first): the
-- services keep it pointing at one of the person's memberships, and a trigger gives every primary
-- account set by other writers (bulk loads, a merge) its membership.

alter table accounts add column team_id uuid;
alter table accounts add column attributes jsonb not null default '{}'::jsonb;
alter table accounts add constraint accounts_team_fk
  foreign key (workspace_id, team_id) references teams (workspace_id, id);
alter table accounts add constraint accounts_size_length check (length(size) <= 100);
alter table accounts add constraint accounts_industry_length check (length(industry) <= 200);

-- Newest first, keyset-paged on (created_at, id), as people.
create index accounts_created on accounts (workspace_id, created_at desc, id);
create index accounts_owner on accounts (workspace_id, owner_id);

create table account_members (
  workspace_id uuid not null,
  account_id uuid not null,
  person_id uuid not null,
  role text check (length(role) between 1 and 100),
  since timestamptz not null default now(),
  created_at timestamptz not null default now(),
  primary key (workspace_id, account_id, person_id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete cascade,
  foreign key (workspace_id, person_id) references people (workspace_id, id) on delete cascade
);
create index account_members_person on account_members (workspace_id, person_id);
-- Members of an account in the order they joined, a page at a time.
create index account_members_since on account_members (workspace_id, account_id, since, person_id);
select rapport_enable_tenant_rls('account_members');

insert into account_members (workspace_id, account_id, person_id, role, since)
select workspace_id, account_id, id, account_role, created_at from people where account_id is not null
on conflict do nothing;

create or replace function rapport_primary_account_is_member() returns trigger
language plpgsql as $$
begin
  insert into account_members (workspace_id, account_id, person_id, role)
  values (new.workspace_id, new.account_id, new.id, new.account_role)
  on conflict do nothing;
  return null;
end $$;
create trigger people_primary_account_insert after insert on people
  for each row when (new.account_id is not null) execute function rapport_primary_account_is_member();
create trigger people_primary_account_update after update of account_id on people
  for each row when (new.account_id is not null and new.account_id is distinct from old.account_id)
  execute function rapport_primary_account_is_member();
