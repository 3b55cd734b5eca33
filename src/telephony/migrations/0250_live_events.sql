-- Each user's recent live events (screen pops), for servers sharing one PostgreSQL database: a
-- publish writes the event here and announces it with NOTIFY; every server process listens and
-- hands it to the streams it holds for that user, and a stream that reconnects, to whichever
-- process, replays from here what it missed after its Last-Event-ID. Kept for minutes: the
-- publish trims its user's older events and each server sweeps the table now and then
-- (src/telephony/shared-live-events.ts; rapport_publish_live_event in functions/). The embedded
-- database is one process and keeps them in memory instead.

-- One sequence for all: ids rise across processes and restarts. It starts at the current time in
-- microseconds, above every id the in-process streams gave before (microseconds at process start
-- plus a count), so a client resuming across the upgrade is not sent old events again.
create sequence live_event_ids;
select setval('live_event_ids', (extract(epoch from clock_timestamp()) * 1000000)::bigint);

create table live_events (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id bigint not null,
  user_id uuid not null,
  type text not null check (length(type) between 1 and 50),
  -- As published (json keeps the text): the same bytes whether it arrives by NOTIFY or from here.
  data json not null,
  at timestamptz not null,
  primary key (workspace_id, id),
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
);
create index live_events_user on live_events (workspace_id, user_id, id);
create index live_events_at on live_events (at);
select rapport_enable_tenant_rls('live_events');
