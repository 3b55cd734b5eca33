-- Consent history is proof: rows are never changed; only a merge may move them to the surviving
-- person (trigger consent_events_append_only, migration 0106).
create or replace function rapport_consent_is_append_only() returns trigger
language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.person_id <> old.person_id
     and (new.workspace_id, new.id, new.channel, new.purpose, new.state, new.source, new.recorded_at)
       is not distinct from (old.workspace_id, old.id, old.channel, old.purpose, old.state, old.source, old.recorded_at) then
    return new;
  end if;
  raise exception 'consent history is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end $$;
