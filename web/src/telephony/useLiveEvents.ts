import { useEffect, useRef, useState } from 'react';
import { keepLiveConnection, type LiveStatus, liveEventsUrl } from './live-connection';

export type { LiveStatus } from './live-connection';

/**
 * Listens to the signed-in user's live event stream (GET /api/events with the session cookie)
 * and hands each event of the given types to `onEvent`; reconnects by itself after a drop (one it
 * sees, or a stream silent past its heartbeat), and at once when the browser is back online, getting
 * the events sent meanwhile.
 */
export function useLiveEvents(
  types: readonly string[],
  onEvent: (type: string, data: string) => void,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const typesKey = types.join(',');

  useEffect(
    () =>
      keepLiveConnection({
        open: (lastEventId) => new EventSource(liveEventsUrl(lastEventId), { withCredentials: true }),
        types: typesKey.split(','),
        onEvent: (type, data) => handler.current(type, data),
        onStatus: setStatus,
        watchNetwork: ({ offline, online }) => {
          window.addEventListener('offline', offline);
          window.addEventListener('online', online);
          return () => {
            window.removeEventListener('offline', offline);
            window.removeEventListener('online', online);
          };
        },
      }),
    [typesKey],
  );

  return status;
}
