-- Consent history is proof (trigger consent_events_append_only, migration 0106): rows are never
-- changed but for a merge moving them to the surviving person, and a privacy erasure clearing how
-- consent was proven (free text that can name the person), nothing else, for the person it names in
-- the transaction (erasePersonProfile sets rapport.erasing_person). The consent itself (channel,
-- purpose, state, source, time) stays as proof.
create or replace function rapport_consent_is_append_only() returns trigger
language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.person_id <> old.person_id
     and (new.workspace_id, new.id, new.channel, new.purpose, new.state, new.source, new.recorded_at)
       is not distinct from (old.workspace_id, old.id, old.channel, old.purpose, old.state, old.source, old.recorded_at) then
    return new;
  end if;
  if tg_op = 'UPDATE' and new.proof is null
     and current_setting('rapport.erasing_person', true) = old.person_id::text
     and (new.workspace_id, new.id, new.person_id, new.channel, new.purpose, new.state, new.source,
          new.recorded_at, new.recorded_by)
       is not distinct from (old.workspace_id, old.id, old.person_id, old.channel, old.purpose, old.state,
          old.source, old.recorded_at, old.recorded_by) then
    return new;
  end if;
  raise exception 'consent history is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end $$;
