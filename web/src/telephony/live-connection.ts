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

export interface LiveConnectionOptions {
  open(): EventSourceLike;
  types: readonly string[];
  onEvent(type: string, data: string): void;
  onStatus(status: LiveStatus): void;
  /**
   * Tells when the browser loses and regains the network (window `offline` / `online`); returns the
   * function that stops listening. A stream can stay silently "open" over a lost network for minutes.
   */
  watchNetwork?(handlers: { offline(): void; online(): void }): () => void;
  setTimer?(run: () => void, ms: number): unknown;
  clearTimer?(timer: unknown): void;
  random?(): number;
}

/**
 * Keeps one live event stream open. EventSource retries a dropped connection by itself (sending
 * Last-Event-ID, so the server replays what was missed); when it gives up (the server answered
 * with an error, or was down), this opens a new one after a growing delay, reset once connected.
 * When the browser says the network is gone, the stream is closed and counted as dropped (it would
 * otherwise look live); when the network is back, a new one opens at once, without waiting for the
 * delay. Returns the function that stops it.
 */
export function keepLiveConnection(options: LiveConnectionOptions): () => void {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let source: EventSourceLike | null = null;
  let timer: unknown;
  let failures = 0;
  let stopped = false;

  const retryLater = () => {
    failures += 1;
    clearTimer(timer);
    timer = setTimer(connect, reconnectDelay(failures, options.random));
  };

  const connect = () => {
    if (stopped) return;
    timer = undefined;
    const current = options.open();
    source = current;
    current.onopen = () => {
      failures = 0;
      options.onStatus('live');
    };
    current.onerror = () => {
      if (stopped || source !== current) return;
      options.onStatus('reconnecting');
      if (current.readyState === CLOSED) {
        current.close();
        retryLater();
      }
    };
    for (const type of options.types) {
      current.addEventListener(type, (event) => options.onEvent(type, event.data));
    }
  };

  const unwatch = options.watchNetwork?.({
    offline: () => {
      if (stopped) return;
      const dropped = source;
      source = null;
      dropped?.close();
      options.onStatus('reconnecting');
      if (timer === undefined) retryLater();
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
    source?.close();
  };
}
