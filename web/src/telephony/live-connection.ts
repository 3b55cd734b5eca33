import { reconnectDelay } from './pop';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** The part of the browser's EventSource this uses (a fake in tests). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export const OPEN = 1;
export const CLOSED = 2;

/** The server's heartbeat event (every 15 s): it carries no id and is not handed on. */
export const PING = 'ping';
/** No message of any kind for this long (2.5 heartbeats) and the connection is taken for dead. */
export const SILENCE_MS = 40_000;

export interface LiveConnectionOptions {
  /** Opens a new stream; `lastEventId` is the id of the last event received, for the server to replay what came after. */
  open(lastEventId: string | null): EventSourceLike;
  types: readonly string[];
  onEvent(type: string, data: string): void;
  onStatus(status: LiveStatus): void;
  /**
   * Tells when the browser loses and regains the network (window `offline` / `online`); returns the
   * function that stops listening. A stream can stay silently "open" over a lost network for minutes.
   */
  watchNetwork?(handlers: { offline(): void; online(): void }): () => void;
  /** How long a stream may stay silent (no event, not even a ping) before it is dropped. Default SILENCE_MS. */
  silenceMs?: number;
  setTimer?(run: () => void, ms: number): unknown;
  clearTimer?(timer: unknown): void;
  random?(): number;
}

/** The URL of the live stream, resuming after `lastEventId` when it is one the server gave (digits). */
export function liveEventsUrl(lastEventId: string | null): string {
  return lastEventId && /^\d{1,16}$/.test(lastEventId)
    ? `/api/events?lastEventId=${lastEventId}`
    : '/api/events';
}

/**
 * Keeps one live event stream open. EventSource retries a dropped connection by itself (sending
 * Last-Event-ID, so the server replays what was missed); when it gives up (the server answered
 * with an error, or was down), this opens a new one after a growing delay, reset once connected.
 * When the browser says the network is gone, the stream is closed and counted as dropped (it would
 * otherwise look live); when the network is back, a new one opens at once, without waiting for the
 * delay. A stream that stays silent past `silenceMs` (the server pings every 15 s) died without
 * saying so: it is dropped the same way. A new stream opens with the id of the last event received,
 * so the server replays the events sent meanwhile. Returns the function that stops it.
 */
export function keepLiveConnection(options: LiveConnectionOptions): () => void {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const silenceMs = options.silenceMs ?? SILENCE_MS;
  let source: EventSourceLike | null = null;
  let timer: unknown;
  let watchdog: unknown;
  let lastEventId: string | null = null;
  let failures = 0;
  let stopped = false;

  const retryLater = () => {
    failures += 1;
    clearTimer(timer);
    timer = setTimer(connect, reconnectDelay(failures, options.random));
  };

  /** Closes the current stream as dead and tries again after the delay. */
  const drop = () => {
    const dropped = source;
    source = null;
    clearTimer(watchdog);
    dropped?.close();
    options.onStatus('reconnecting');
    if (timer === undefined) retryLater();
  };

  /** (Re)starts the count of silence on `current`: called whenever it shows a sign of life. */
  const heard = (current: EventSourceLike) => {
    clearTimer(watchdog);
    watchdog = setTimer(() => {
      if (!stopped && source === current) drop();
    }, silenceMs);
  };

  const connect = () => {
    if (stopped) return;
    timer = undefined;
    const current = options.open(lastEventId);
    source = current;
    heard(current);
    current.onopen = () => {
      failures = 0;
      heard(current);
      options.onStatus('live');
    };
    current.onerror = () => {
      if (stopped || source !== current) return;
      options.onStatus('reconnecting');
      if (current.readyState === CLOSED) {
        current.close();
        clearTimer(watchdog);
        retryLater();
      }
    };
    current.addEventListener(PING, () => {
      if (source === current) heard(current);
    });
    for (const type of options.types) {
      current.addEventListener(type, (event) => {
        if (source !== current) return;
        heard(current);
        if (event.lastEventId) lastEventId = event.lastEventId;
        options.onEvent(type, event.data);
      });
    }
  };

  const unwatch = options.watchNetwork?.({
    offline: () => {
      if (!stopped) drop();
    },
    online: () => {
      if (stopped || source?.readyState === OPEN) return;
      source?.close();
      source = null;
      clearTimer(timer);
      failures = 0;
      connect();
    },
  });

  options.onStatus('connecting');
  connect();
  return () => {
    stopped = true;
    unwatch?.();
    clearTimer(timer);
    clearTimer(watchdog);
    source?.close();
  };
}
