import type { Database, Db, ListenOptions, NotificationListener } from '../db/index';
import { listenForNotifications } from '../db/index';
import {
  insertLiveEvent,
  type Keeping,
  LIVE_EVENTS_CHANNEL,
  type LiveEventNotice,
  readLiveEvent,
  readLiveEventsAfter,
  sweepLiveEvents,
} from './live-event-repository';
import {
  KEEP_EVENTS,
  KEEP_EVENTS_MS,
  type LiveEvent,
  type LiveEventHub,
  type LiveEventsOptions,
  type Subscriber,
} from './live-events';
import { keyOf, StreamRegistry } from './stream-registry';

export interface SharedLiveEventsOptions extends LiveEventsOptions {
  /** How often this process deletes expired events of every user. Default 1 minute. */
  sweepMs?: number;
  /** A failure the hub recovered from (the listening connection dropped, a read failed). */
  onError?: (error: Error) => void;
  /** How its listening connection reconnects. */
  listen?: ListenOptions;
}

/**
 * Live events for server processes sharing one PostgreSQL database: a publish, in any process,
 * stores the event and notifies the channel (rapport_publish_live_event); each process listens on a
 * connection of its own and hands the event to the streams it holds for that workspace and user.
 * A stream that reconnects, to any process, replays from the table what came after its
 * Last-Event-ID; after its listening connection drops, a process does the same for every stream it
 * holds, so nothing notified meanwhile is lost. Events of one user reach a stream in order, once.
 */
export class SharedLiveEvents implements LiveEventHub {
  readonly #db: Db;
  readonly #keeping: Keeping;
  readonly #streams = new StreamRegistry<Feed>();
  readonly #listener: NotificationListener;
  /** Per user, the delivery running now and those waiting: one user's events go out in order. */
  readonly #queues = new Map<string, Promise<void>>();
  readonly #sweep: NodeJS.Timeout;
  readonly #onError: (error: Error) => void;
  #closed = false;

  constructor(database: Database, options: SharedLiveEventsOptions = {}) {
    this.#db = database.db;
    this.#keeping = { keep: options.keep ?? KEEP_EVENTS, keepMs: options.keepMs ?? KEEP_EVENTS_MS };
    this.#onError = options.onError ?? (() => undefined);
    this.#listener = listenForNotifications(
      database,
      LIVE_EVENTS_CHANNEL,
      {
        notification: (payload) => this.#notified(payload),
        listening: () => this.#catchUp(),
        error: (error) => this.#onError(error),
      },
      options.listen,
    );
    this.#sweep = setInterval(() => {
      sweepLiveEvents(this.#db, this.#keeping.keepMs).catch((error: Error) => this.#onError(error));
    }, options.sweepMs ?? 60_000);
    this.#sweep.unref();
  }

  ready(): Promise<void> {
    return this.#listener.ready;
  }

  /** Delivered through the database (to this process too), after the event is stored. */
  publish(workspaceId: string, userId: string, type: string, data: unknown): Promise<LiveEvent> {
    return insertLiveEvent(this.#db, { workspaceId, userId, type, data }, this.#keeping);
  }

  subscribe(workspaceId: string, userId: string, subscriber: Subscriber, lastEventId?: number): () => void {
    if (this.#closed) {
      subscriber.end();
      return () => undefined;
    }
    const feed = new Feed(subscriber);
    const remove = this.#streams.add(workspaceId, userId, feed);
    // Events notified while this reads are held by the feed, then sent after the replay, once each.
    readLiveEventsAfter(this.#db, workspaceId, userId, lastEventId, this.#keeping).then(
      ({ cursor, events }) => feed.start(cursor, events, lastEventId === undefined),
      (error: Error) => {
        this.#onError(error);
        remove();
        subscriber.end();
      },
    );
    return remove;
  }

  subscriberCount(workspaceId: string, userId: string): number {
    return this.#streams.countOfUser(workspaceId, userId);
  }

  workspaceSubscriberCount(workspaceId: string): number {
    return this.#streams.countOfWorkspace(workspaceId);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweep);
    for (const feed of this.#streams.drain()) feed.subscriber.end();
    await this.#listener.close();
  }

  #notified(payload: string): void {
    let notice: LiveEventNotice;
    try {
      notice = JSON.parse(payload) as LiveEventNotice;
    } catch {
      return;
    }
    const { w: workspaceId, u: userId } = notice;
    if (this.#streams.countOfUser(workspaceId, userId) === 0) return;
    this.#inOrder(workspaceId, userId, async () => {
      const event =
        'data' in notice
          ? { id: notice.id, type: notice.type, data: notice.data, at: notice.at }
          : await readLiveEvent(this.#db, workspaceId, notice.id);
      if (event) for (const feed of this.#streams.of(workspaceId, userId)) feed.offer(event);
    });
  }

  /** Listening (again): each user's streams get what was published while no one listened. */
  #catchUp(): void {
    for (const { workspaceId, userId } of this.#streams.users()) {
      this.#inOrder(workspaceId, userId, async () => {
        const cursors = this.#streams
          .of(workspaceId, userId)
          .map((feed) => feed.cursor)
          .filter((c) => c !== undefined);
        if (cursors.length === 0) return; // streams still starting read the table themselves
        const { events } = await readLiveEventsAfter(
          this.#db,
          workspaceId,
          userId,
          Math.min(...cursors),
          this.#keeping,
        );
        for (const feed of this.#streams.of(workspaceId, userId))
          for (const event of events) feed.offer(event);
      });
    }
  }

  /**
   * Runs `task` after the user's earlier deliveries. When it fails (a read of the database), the
   * user's streams are ended: their clients reconnect with Last-Event-ID and replay what they missed.
   */
  #inOrder(workspaceId: string, userId: string, task: () => Promise<void>): void {
    const key = keyOf(workspaceId, userId);
    const run = (this.#queues.get(key) ?? Promise.resolve())
      .then(task)
      .catch((error: Error) => {
        this.#onError(error);
        for (const feed of this.#streams.of(workspaceId, userId)) feed.subscriber.end();
      })
      .finally(() => {
        if (this.#queues.get(key) === run) this.#queues.delete(key);
      });
    this.#queues.set(key, run);
  }
}

/**
 * One open stream: sends each event with an id above the last one sent, so a replay and the
 * notifications that overlap it go out once each, in order. Until it knows where it starts (the
 * replay read), it holds what arrives.
 */
class Feed {
  #cursor: number | undefined;
  #held: LiveEvent[] = [];

  constructor(readonly subscriber: Subscriber) {}

  /** The id of the last event sent (or where the stream started); undefined while starting. */
  get cursor(): number | undefined {
    return this.#cursor;
  }

  /**
   * Starts after `cursor` (the client's Last-Event-ID, or the user's newest event when `fresh`) with
   * the replay read from the table. A fresh stream also gets every event notified since it
   * subscribed, though the read saw it already: like a stream of the in-process hub, it gets what is
   * published after it opened. (One user's events are notified in id order, so those held all come
   * after any the read saw that were notified before.)
   */
  start(cursor: number, replay: readonly LiveEvent[], fresh: boolean): void {
    if (this.#cursor !== undefined) return;
    const held = this.#held.sort((x, y) => x.id - y.id);
    this.#held = [];
    this.#cursor = fresh && held[0] ? Math.min(cursor, held[0].id - 1) : cursor;
    for (const event of [...replay, ...held].sort((x, y) => x.id - y.id)) this.offer(event);
  }

  offer(event: LiveEvent): void {
    if (this.#cursor === undefined) this.#held.push(event);
    else if (event.id > this.#cursor) {
      this.#cursor = event.id;
      this.subscriber.send(event);
    }
  }
}
