import type { LiveEvent, LiveEventHub } from './live-events';

/** Where a stream writes: a Node `ServerResponse`, or anything with the same two methods. */
export interface StreamSink {
  write(chunk: string): unknown;
  end(): void;
}

export interface StreamOptions {
  /**
   * A `ping` event this often keeps proxies from closing an idle stream and tells the client the
   * connection is alive (a comment would not reach the page). Default 15 s.
   */
  heartbeatMs?: number;
  /** How long the browser waits before reconnecting (the `retry:` hint). Default 3 s. */
  retryMs?: number;
  /** The last event id the client saw (header or parameter): events after it that the hub still holds are replayed. */
  lastEventId?: number;
}

export const HEARTBEAT_MS = 15_000;
export const RETRY_MS = 3_000;

/** The heartbeat: a named event the page can listen to, without an id so it does not move Last-Event-ID. */
export const PING = 'event: ping\ndata: {}\n\n';

/** One event in the server-sent events format. */
export function formatEvent(event: LiveEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * Streams one user's live events to `sink` as server-sent events: the retry hint, then any events
 * missed since `lastEventId`, then each new event, with a `ping` heartbeat in between. Returns the
 * function that stops it (call it when the client goes away).
 */
export function openEventStream(
  sink: StreamSink,
  hub: LiveEventHub,
  who: { workspaceId: string; userId: string },
  options: StreamOptions = {},
): () => void {
  let open = true;
  let unsubscribe = () => {};
  sink.write(`retry: ${options.retryMs ?? RETRY_MS}\n: connected\n\n`);
  const heartbeat = setInterval(() => sink.write(PING), options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  const stop = () => {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    unsubscribe();
  };
  // A closed hub ends the stream at once (inside subscribe): stop() then runs before this assignment.
  unsubscribe = hub.subscribe(
    who.workspaceId,
    who.userId,
    {
      send: (event) => {
        if (open) sink.write(formatEvent(event));
      },
      end: () => {
        stop();
        sink.end();
      },
    },
    options.lastEventId,
  );
  return stop;
}

/** Reads a last event id (the `Last-Event-ID` header or the `lastEventId` parameter): a whole number, else none. */
export function parseLastEventId(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || !/^\d{1,16}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/**
 * Counts the live streams open in this process, per user and per workspace, against their caps
 * (STREAMS_PER_USER, STREAMS_PER_WORKSPACE): an open stream holds a socket and a subscription for as
 * long as the client keeps it, so one caller (or a runaway client opening tabs) must not hold them all.
 */
export class StreamCaps {
  readonly #perUser = new Map<string, number>();
  readonly #perWorkspace = new Map<string, number>();

  constructor(readonly caps: { perUser: number; perWorkspace: number }) {}

  /**
   * Takes a place for one stream, or says which cap is reached. The returned function gives the
   * place back (once, however often it is called).
   */
  open(who: {
    workspaceId: string;
    userId: string;
  }): { release: () => void } | { full: 'user' | 'workspace' } {
    const userKey = `${who.workspaceId}/${who.userId}`;
    const users = this.#perUser.get(userKey) ?? 0;
    const workspace = this.#perWorkspace.get(who.workspaceId) ?? 0;
    if (users >= this.caps.perUser) return { full: 'user' };
    if (workspace >= this.caps.perWorkspace) return { full: 'workspace' };
    this.#perUser.set(userKey, users + 1);
    this.#perWorkspace.set(who.workspaceId, workspace + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        decrement(this.#perUser, userKey);
        decrement(this.#perWorkspace, who.workspaceId);
      },
    };
  }

  openFor(workspaceId: string, userId?: string): number {
    return userId === undefined
      ? (this.#perWorkspace.get(workspaceId) ?? 0)
      : (this.#perUser.get(`${workspaceId}/${userId}`) ?? 0);
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const n = (counts.get(key) ?? 0) - 1;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}
