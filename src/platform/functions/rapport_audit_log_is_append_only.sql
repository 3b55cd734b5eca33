-- The audit log is append-only for everyone, the table owner included (triggers audit_log_no_update
-- and audit_log_no_truncate, migration 0001), but for one update: a privacy erasure's redaction of an
-- entry (rapport_redact_person_audit, whose file says why), exactly that and with its switch on.
create or replace function rapport_audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and current_setting('rapport.audit_redaction', true) = 'on'
     and new.changes = rapport_redact_json(old.changes)
     and (new.workspace_id, new.id, new.at, new.actor_user_id, new.actor_kind, new.action, new.object_type,
          new.object_id, new.request_id)
         is not distinct from
         (old.workspace_id, old.id, old.at, old.actor_user_id, old.actor_kind, old.action, old.object_type,
          old.object_id, old.request_id)
  then
    return new;
  end if;
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end $$;
