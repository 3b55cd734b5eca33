-- Moves a workspace's auth version (auth_versions, migration 0030): a new value from one sequence,
-- so a stamp never returns to an earlier value and a caller kept in memory under an old stamp can
-- never become valid again (src/platform/authenticator.ts compares them on every request).
--
-- Runs as its owner, so a tenant transaction's change stamps the workspace without a grant to write
-- auth_versions; only the triggers of rapport_auth_changed_row(s) call it (not executable by PUBLIC,
-- so not by rapport_tenant). A workspace being deleted (its rows going with it) is not stamped: its
-- stamp row goes too, and a missing row reads as version 0, which no cached caller holds.
create or replace function rapport_stamp_auth_version(ws uuid) returns void
language sql security definer set search_path = public as $$
  insert into auth_versions as v (workspace_id, version)
  select ws, nextval('auth_version_seq')
  where exists (select 1 from workspaces w where w.id = ws)
  on conflict (workspace_id) do update set version = excluded.version
$$;
revoke execute on function rapport_stamp_auth_version(uuid) from public;
