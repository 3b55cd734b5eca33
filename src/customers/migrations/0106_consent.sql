-- Consent per person, channel and purpose, as an append-only history: the latest event is the state.

create table consent_events (
  workspace_id uuid not null,
  id bigint generated always as identity,
  person_id uuid not null,
  channel text not null check (channel in ('email', 'sms', 'phone', 'mail', 'push')),
  purpose text not null check (purpose in ('marketing', 'service')),
  state text not null check (state in ('granted', 'withdrawn')),
  source text not null check (length(source) between 1 and 200),
  proof text check (length(proof) <= 10000),
  recorded_at timestamptz not null default clock_timestamp(),
  recorded_by uuid,
  primary key (workspace_id, id),
  foreign key (workspace_id, person_id) references people (workspace_id, id) on delete cascade,
  foreign key (workspace_id, recorded_by) references users (workspace_id, id)
);
create index consent_events_current on consent_events (workspace_id, person_id, channel, purpose, id desc);
select rapport_enable_tenant_rls('consent_events');

-- History is proof: rows are never changed; only a merge may move them to the surviving person.
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
create trigger consent_events_append_only before update or delete on consent_events
  for each row execute function rapport_consent_is_append_only();
