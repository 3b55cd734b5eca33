import { keyOf, StreamRegistry } from './stream-registry';

/** One event on a user's live stream. Ids rise, so a reconnect can resume after the last one seen. */
export interface LiveEvent {
  id: number;
  type: string;
  data: unknown;
  /** When it was published (ms since the epoch). */
  at: number;
}

export interface Subscriber {
  send(event: LiveEvent): void;
  /** The hub is closing (server shutdown), or lost track of the events: end the stream (the client resumes). */
  end(): void;
}

export interface LiveEventsOptions {
  /** Events kept per user for clients that reconnect with `Last-Event-ID`. Default 50. */
  keep?: number;
  /** How long they are kept. Default 5 minutes. */
  keepMs?: number;
}

export const KEEP_EVENTS = 50;
export const KEEP_EVENTS_MS = 5 * 60_000;

/**
 * Where live events are published and streams subscribe: in process on the embedded database
 * (`LiveEvents`), through the database's LISTEN/NOTIFY on a PostgreSQL server, so that every server
 * process sharing it delivers them (`SharedLiveEvents`).
 */
export interface LiveEventHub {
  /** Resolves when the hub delivers (a shared hub listens); the server waits for it before it listens. */
  ready(): Promise<void>;
  /** Sends an event to every open stream of that exact workspace and user (never another workspace's). */
  publish(workspaceId: string, userId: string, type: string, data: unknown): LiveEvent | Promise<LiveEvent>;
  /**
   * Adds a subscriber for one user's stream; first replays the kept events after `lastEventId`
   * (when the client says which one it saw last), then sends what is published after it subscribed.
   * Returns the unsubscribe function.
   */
  subscribe(workspaceId: string, userId: string, subscriber: Subscriber, lastEventId?: number): () => void;
  /** Open streams of one user, and of one workspace, in this process. */
  subscriberCount(workspaceId: string, userId: string): number;
  workspaceSubscriberCount(workspaceId: string): number;
  /** Ends every stream (server shutdown); later subscribers are ended at once. */
  close(): void | Promise<void>;
}

/**
 * In-process publish/subscribe for the live streams of one server process (on the embedded database),
 * keyed by workspace and user: a publish reaches only the subscribers of that exact workspace and
 * user, never another workspace's. Recent events are kept briefly so a client that reconnects gets
 * what it missed.
 */
export class LiveEvents implements LiveEventHub {
  readonly #subscribers = new StreamRegistry<Subscriber>();
  readonly #recent = new Map<string, LiveEvent[]>();
  readonly #keep: number;
  readonly #keepMs: number;
  /** Microseconds-since-epoch start, so ids keep rising across restarts of the process. */
  #nextId = Date.now() * 1000;
  #closed = false;
  #published = 0;

  constructor(options: LiveEventsOptions = {}) {
    this.#keep = options.keep ?? KEEP_EVENTS;
    this.#keepMs = options.keepMs ?? KEEP_EVENTS_MS;
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  publish(workspaceId: string, userId: string, type: string, data: unknown): LiveEvent {
    const key = keyOf(workspaceId, userId);
    const event: LiveEvent = { id: ++this.#nextId, type, data, at: Date.now() };
    const recent = this.#prune(key, event.at);
    recent.push(event);
    if (recent.length > this.#keep) recent.splice(0, recent.length - this.#keep);
    this.#recent.set(key, recent);
    for (const subscriber of this.#subscribers.of(workspaceId, userId)) subscriber.send(event);
    // Now and then, forget the kept events of users who never came back for them.
    if (++this.#published % 1000 === 0) for (const k of [...this.#recent.keys()]) this.#prune(k, event.at);
    return event;
  }

  subscribe(workspaceId: string, userId: string, subscriber: Subscriber, lastEventId?: number): () => void {
    if (this.#closed) {
      subscriber.end();
      return () => undefined;
    }
    const key = keyOf(workspaceId, userId);
    if (lastEventId !== undefined) {
      for (const event of this.#prune(key, Date.now())) if (event.id > lastEventId) subscriber.send(event);
    }
    return this.#subscribers.add(workspaceId, userId, subscriber);
  }

  subscriberCount(workspaceId: string, userId: string): number {
    return this.#subscribers.countOfUser(workspaceId, userId);
  }

  workspaceSubscriberCount(workspaceId: string): number {
    return this.#subscribers.countOfWorkspace(workspaceId);
  }

  close(): void {
    this.#closed = true;
    for (const subscriber of this.#subscribers.drain()) subscriber.end();
    this.#recent.clear();
  }

  /** Drops the kept events of one key that are too old; forgets keys with nothing left. */
  #prune(key: string, now: number): LiveEvent[] {
    const kept = (this.#recent.get(key) ?? []).filter((e) => now - e.at <= this.#keepMs);
    if (kept.length === 0) this.#recent.delete(key);
    else this.#recent.set(key, kept);
    return kept;
  }
}
