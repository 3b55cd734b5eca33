-- Lifecycle changes of a workspace by time, for the funnel over a period.
create index lifecycle_changes_time on lifecycle_changes (workspace_id, changed_at);
