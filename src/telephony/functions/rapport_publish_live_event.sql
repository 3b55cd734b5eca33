-- Publishes one live event of a user to every server process on the database: keeps it in
-- live_events (for a stream that reconnects, to any process, with Last-Event-ID) and announces it on
-- the channel rapport_live_events, which each process listens to (src/telephony/shared-live-events.ts).
--
-- The announcement is the event itself ({"w", "u", "id", "type", "at", "data"}) when it fits in
-- NOTIFY's limit (a payload under 8000 bytes), else the same without "data": the listeners that
-- hold a stream of that user read the event from the table.
--
-- One user's events commit in the order of their ids (the lock below is held until commit, after
-- the NOTIFY is queued), so a stream that saw event n has seen, or will be sent, every earlier one,
-- and a replay of "after n" misses none. Trims the user's events to the newest p_keep, none older
-- than p_keep_for. Returns the event's id and time (milliseconds since the epoch).
create or replace function rapport_publish_live_event(
  p_workspace uuid, p_user uuid, p_type text, p_data json, p_keep integer, p_keep_for interval
) returns table (event_id bigint, event_at double precision)
language plpgsql volatile
set search_path = public, pg_temp
as $$
declare
  new_id bigint;
  new_at timestamptz := clock_timestamp();
  at_ms double precision := floor(extract(epoch from new_at) * 1000);
  message text;
begin
  perform pg_advisory_xact_lock(hashtextextended('live_events/' || p_workspace::text || '/' || p_user::text, 0));
  new_id := nextval('live_event_ids');
  insert into live_events (workspace_id, id, user_id, type, data, at)
  values (p_workspace, new_id, p_user, p_type, p_data, new_at);
  message := json_build_object('w', p_workspace, 'u', p_user, 'id', new_id, 'type', p_type, 'at', at_ms, 'data', p_data)::text;
  if octet_length(message) >= 8000 then
    message := json_build_object('w', p_workspace, 'u', p_user, 'id', new_id, 'type', p_type, 'at', at_ms)::text;
  end if;
  perform pg_notify('rapport_live_events', message);
  delete from live_events e
  where e.workspace_id = p_workspace and e.user_id = p_user
    and (e.at < new_at - p_keep_for or e.id <= (
      select k.id from live_events k where k.workspace_id = p_workspace and k.user_id = p_user
      order by k.id desc offset p_keep limit 1));
  return query select new_id, at_ms;
end $$;
