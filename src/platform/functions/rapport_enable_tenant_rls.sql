-- Row-level security as the second wall: a tenant transaction sees and writes only rows of its own
-- workspace. Every migration that creates a tenant-owned table calls it on the new table (and the
-- score recompute on each workspace's new partition).
create or replace function rapport_enable_tenant_rls(tbl regclass) returns void
language plpgsql as $$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format(
    'create policy tenant_isolation on %s using (workspace_id = rapport_current_workspace()) '
    'with check (workspace_id = rapport_current_workspace())', tbl);
end $$;
