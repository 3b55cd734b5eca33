-- The audit log is append-only for everyone, the table owner included (triggers audit_log_no_update
-- and audit_log_no_truncate, migration 0001).
create or replace function rapport_audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end $$;
