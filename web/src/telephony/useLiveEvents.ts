import { useEffect, useRef, useState } from 'react';
import { keepLiveConnection, type LiveStatus } from './live-connection';

export type { LiveStatus } from './live-connection';

/**
 * Listens to the signed-in user's live event stream (GET /api/events with the session cookie)
 * and hands each event of the given types to `onEvent`; reconnects by itself after a drop.
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
        open: () => new EventSource('/api/events', { withCredentials: true }),
        types: typesKey.split(','),
        onEvent: (type, data) => handler.current(type, data),
        onStatus: setStatus,
      }),
    [typesKey],
  );

  return status;
}
