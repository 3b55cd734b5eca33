-- A version stamp per workspace that changes whenever something a signed-in caller's access rests on
-- changes: a token revoked or deleted, a session ended, a user deactivated or changed (role, team,
-- department, name, email), a role renamed or its grants changed, the workspace renamed. Servers keep
-- callers they have resolved in memory, tagged with the stamp they were resolved under, and compare
-- it with the current stamp on each request: any such change, by any process, is seen on the very
-- next request. The stamp comes from one sequence, so it never returns to an earlier value (a cached
-- caller can never become valid again), and only the triggers below write it.

create sequence auth_version_seq;

create table auth_versions (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  version bigint not null,
  primary key (workspace_id)
);
select rapport_enable_tenant_rls('auth_versions');
revoke insert, update, delete, truncate on auth_versions from rapport_tenant;

-- Runs as its owner, so a tenant transaction's change stamps the workspace without a grant to write it.
-- A workspace being deleted (its rows going with it) is not stamped: its stamp row goes too, and a
-- missing row reads as version 0, which no cached caller holds.
create or replace function rapport_stamp_auth_version(ws uuid) returns void
language sql security definer set search_path = public as $$
  insert into auth_versions as v (workspace_id, version)
  select ws, nextval('auth_version_seq')
  where exists (select 1 from workspaces w where w.id = ws)
  on conflict (workspace_id) do update set version = excluded.version
$$;
revoke execute on function rapport_stamp_auth_version(uuid) from public;

-- For a changed row (updates name the columns that matter, and PostgreSQL allows no transition
-- table with a column list).
create or replace function rapport_auth_changed_row() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_table_name = 'workspaces' then
    perform rapport_stamp_auth_version(new.id);
  else
    perform rapport_stamp_auth_version(new.workspace_id);
    if old.workspace_id is distinct from new.workspace_id then
      perform rapport_stamp_auth_version(old.workspace_id);
    end if;
  end if;
  return null;
end $$;

-- For inserted or deleted rows, once per statement (ending all of a user's sessions stamps once).
create or replace function rapport_auth_changed_rows() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  perform rapport_stamp_auth_version(ws) from (select distinct workspace_id as ws from changed) d;
  return null;
end $$;

create trigger api_tokens_auth_update after update of workspace_id, user_id, token_hash, revoked_at
  on api_tokens for each row execute function rapport_auth_changed_row();
create trigger api_tokens_auth_delete after delete on api_tokens
  referencing old table as changed for each statement execute function rapport_auth_changed_rows();

create trigger sessions_auth_update after update of workspace_id, user_id, token_hash, csrf_token, expires_at
  on sessions for each row execute function rapport_auth_changed_row();
create trigger sessions_auth_delete after delete on sessions
  referencing old table as changed for each statement execute function rapport_auth_changed_rows();

create trigger users_auth_update
  after update of workspace_id, email, name, role_id, team_id, department, active
  on users for each row execute function rapport_auth_changed_row();
create trigger users_auth_delete after delete on users
  referencing old table as changed for each statement execute function rapport_auth_changed_rows();

create trigger roles_auth_update after update of workspace_id, name
  on roles for each row execute function rapport_auth_changed_row();
create trigger roles_auth_delete after delete on roles
  referencing old table as changed for each statement execute function rapport_auth_changed_rows();

create trigger role_grants_auth_insert after insert on role_grants
  referencing new table as changed for each statement execute function rapport_auth_changed_rows();
create trigger role_grants_auth_update after update on role_grants
  referencing new table as changed for each statement execute function rapport_auth_changed_rows();
create trigger role_grants_auth_delete after delete on role_grants
  referencing old table as changed for each statement execute function rapport_auth_changed_rows();

create trigger workspaces_auth_update after update of slug, name, default_region
  on workspaces for each row execute function rapport_auth_changed_row();
