/** One event on a user's live stream. Ids rise across the whole process, so a reconnect can resume. */
export interface LiveEvent {
  id: number;
  type: string;
  data: unknown;
  /** When it was published (ms since the epoch). */
  at: number;
}

export interface Subscriber {
  send(event: LiveEvent): void;
  /** The hub is closing (server shutdown): end the stream. */
  end(): void;
}

export interface LiveEventsOptions {
  /** Events kept per user for clients that reconnect with `Last-Event-ID`. Default 50. */
  keep?: number;
  /** How long they are kept. Default 5 minutes. */
  keepMs?: number;
}

/**
 * In-process publish/subscribe for the live streams of one server process, keyed by workspace and
 * user: a publish reaches only the subscribers of that exact workspace and user, never another
 * workspace's. Recent events are kept briefly so a client that reconnects gets what it missed.
 */
export class LiveEvents {
  readonly #subscribers = new Map<string, Set<Subscriber>>();
  readonly #recent = new Map<string, LiveEvent[]>();
  readonly #keep: number;
  readonly #keepMs: number;
  /** Microseconds-since-epoch start, so ids keep rising across restarts of the process. */
  #nextId = Date.now() * 1000;
  #closed = false;
  #published = 0;

  constructor(options: LiveEventsOptions = {}) {
    this.#keep = options.keep ?? 50;
    this.#keepMs = options.keepMs ?? 5 * 60_000;
  }

  publish(workspaceId: string, userId: string, type: string, data: unknown): LiveEvent {
    const key = keyOf(workspaceId, userId);
    const event: LiveEvent = { id: ++this.#nextId, type, data, at: Date.now() };
    const recent = this.#prune(key, event.at);
    recent.push(event);
    if (recent.length > this.#keep) recent.splice(0, recent.length - this.#keep);
    this.#recent.set(key, recent);
    for (const subscriber of this.#subscribers.get(key) ?? []) subscriber.send(event);
    // Now and then, forget the kept events of users who never came back for them.
    if (++this.#published % 1000 === 0) for (const k of [...this.#recent.keys()]) this.#prune(k, event.at);
    return event;
  }

  /**
   * Adds a subscriber for one user's stream; first replays the kept events after `lastEventId`
   * (when the client says which one it saw last). Returns the unsubscribe function.
   */
  subscribe(workspaceId: string, userId: string, subscriber: Subscriber, lastEventId?: number): () => void {
    if (this.#closed) {
      subscriber.end();
      return () => undefined;
    }
    const key = keyOf(workspaceId, userId);
    if (lastEventId !== undefined) {
      for (const event of this.#prune(key, Date.now())) if (event.id > lastEventId) subscriber.send(event);
    }
    const set = this.#subscribers.get(key) ?? new Set<Subscriber>();
    set.add(subscriber);
    this.#subscribers.set(key, set);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.#subscribers.get(key) === set) this.#subscribers.delete(key);
    };
  }

  subscriberCount(workspaceId: string, userId: string): number {
    return this.#subscribers.get(keyOf(workspaceId, userId))?.size ?? 0;
  }

  /** Ends every stream (server shutdown); later subscribers are ended at once. */
  close(): void {
    this.#closed = true;
    for (const set of this.#subscribers.values()) for (const subscriber of set) subscriber.end();
    this.#subscribers.clear();
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

const keyOf = (workspaceId: string, userId: string) => `${workspaceId}/${userId}`;
