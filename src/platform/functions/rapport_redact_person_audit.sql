-- A privacy erasure redacts the person's values in the audit log, in place; the log stays append-only
-- for everything else.
--
-- Why redaction in place, not a key per person destroyed on erasure: the log's values would have to
-- be encrypted as they are written, by every slice's audit (single and bulk, in SQL too), and read
-- back decrypted by every reader, with the keys in the same database as the data they protect; and a
-- person's data sits in entries of other records too (an account's member, a note, an order), which
-- would each need to know whose key to use. Redaction needs none of that: it finds the entries by
-- the person's id and identifiers once, at erasure, and leaves their shape, ids, times and actors.
--
-- The one update the append-only trigger lets through is this function's: a security-definer
-- function (the tenant role has no update on audit_log at all) that redacts only entries of the
-- named person in the caller's own workspace, and only by the fixed redaction below (every string
-- that is not an id becomes "[erased]"; numbers, booleans and the shape stay), then records the
-- erasure in the log itself. The trigger checks the update is exactly that redaction, with the
-- function's switch on, so no other change can pass even for the table's owner.
--
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
