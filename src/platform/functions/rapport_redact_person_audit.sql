-- Redacts the entries about person `p_person` in the caller's workspace: the person's own
-- (people/<id>), those of the records given (the person's notes, tasks, interactions, orders...), and
-- any whose values mention the person's traces; then writes the erasure's own entry (`p_changes`,
-- with the number of entries redacted). Returns that number.
create or replace function rapport_redact_person_audit(
  p_person uuid,
  p_texts text[],
  p_digits text[],
  p_object_types text[],
  p_object_ids text[],
  p_actor_user uuid,
  p_actor_kind text,
  p_request_id text,
  p_changes jsonb
) returns integer
language plpgsql volatile security definer
set search_path = public, pg_temp
as $$
declare
  ws uuid := rapport_current_workspace();
  texts text[] := array(select lower(x) from unnest(p_texts || array[p_person::text]) x);
  redacted integer;
begin
  if ws is null then
    raise exception 'rapport_redact_person_audit runs in a tenant transaction' using errcode = 'insufficient_privilege';
  end if;
  perform set_config('rapport.audit_redaction', 'on', true);
  with targets as (
    select a.id from audit_log a
    where a.workspace_id = ws and (
      (a.object_type = 'people' and a.object_id = p_person::text)
      or (a.object_type, a.object_id) in (select t, i from unnest(p_object_types, p_object_ids) as o(t, i))
      or rapport_mentions(a.changes::text, texts, coalesce(p_digits, '{}')))
  )
  update audit_log a set changes = rapport_redact_json(a.changes)
  from targets t
  where a.workspace_id = ws and a.id = t.id and a.changes <> rapport_redact_json(a.changes);
  get diagnostics redacted = row_count;
  perform set_config('rapport.audit_redaction', 'off', true);
  insert into audit_log (workspace_id, actor_user_id, actor_kind, action, object_type, object_id, changes, request_id)
  values (ws, p_actor_user, p_actor_kind, 'delete', 'people', p_person::text,
    p_changes || jsonb_build_object('audit_entries_redacted', jsonb_build_object('before', null, 'after', redacted)),
    p_request_id);
  return redacted;
end $$;

revoke all on function rapport_redact_person_audit(uuid, text[], text[], text[], text[], uuid, text, text, jsonb) from public;
grant execute on function rapport_redact_person_audit(uuid, text[], text[], text[], text[], uuid, text, text, jsonb) to rapport_tenant;
