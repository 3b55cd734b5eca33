import { useEffect, useRef, useState } from 'react';
import { reconnectDelay } from './pop';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * Listens to the signed-in user's live event stream (GET /api/events, session cookie) and hands
 * each event of the given types to `onEvent`. The browser's EventSource retries a dropped
 * connection by itself (sending Last-Event-ID, so missed events are replayed); when it gives up
 * (the server answered an error), this opens a new one after a growing delay.
 */
export function useLiveEvents(
  types: readonly string[],
  onEvent: (type: string, data: string) => void,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const typesKey = types.join(',');

  useEffect(() => {
    let source: EventSource | null = null;
    let timer: number | undefined;
    let failures = 0;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      source = new EventSource('/api/events', { withCredentials: true });
      source.onopen = () => {
        failures = 0;
        setStatus('live');
      };
      source.onerror = () => {
        if (stopped || !source) return;
        setStatus('reconnecting');
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          failures += 1;
          timer = window.setTimeout(connect, reconnectDelay(failures));
        }
      };
      for (const type of typesKey.split(',')) {
        source.addEventListener(type, (event) => handler.current(type, (event as MessageEvent<string>).data));
      }
    };
    connect();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      source?.close();
    };
  }, [typesKey]);

  return status;
}
