import pg from 'pg';
import type { Database } from './connection';

export interface NotificationHandlers {
  /** A notification on the channel: its payload. */
  notification(payload: string): void;
  /**
   * The connection listens (at start, and again after a drop): whatever was notified while it did
   * not listen is lost, so a caller that keeps state elsewhere catches up here.
   */
  listening?(): void;
  /** The connection failed or dropped; the listener reconnects on its own. */
  error?(error: Error): void;
}

export interface ListenOptions {
  /** First wait before reconnecting; doubled after each failure up to `maxRetryMs`. Default 100 ms. */
  retryMs?: number;
  maxRetryMs?: number;
  /**
   * A query this often on the idle connection, so a connection dropped without a word (a NAT or
   * firewall forgetting it) is noticed and replaced. Default 30 s.
   */
  heartbeatMs?: number;
}

export interface NotificationListener {
  /** Resolves once the connection listens for the first time. */
  readonly ready: Promise<void>;
  /** Stops listening and closes the connection; no handler runs after it resolves. */
  close(): Promise<void>;
}

/**
 * `LISTEN channel` on a connection of its own to the PostgreSQL server of `database` (a pooled one
 * would go back to the pool, and a notification only reaches the session that listens), kept
 * open: after a drop it reconnects with a growing delay and listens again. The embedded database has
 * no other process to hear from: this is for servers only.
 */
export function listenForNotifications(
  database: Database,
  channel: string,
  handlers: NotificationHandlers,
  options: ListenOptions = {},
): NotificationListener {
  if (database.kind !== 'postgres') throw new Error('LISTEN needs a PostgreSQL server');
  const firstRetryMs = options.retryMs ?? 100;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  let retryMs = firstRetryMs;
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const dropped = (lost: pg.Client, error?: Error) => {
    if (client !== lost) return;
    client = undefined;
    lost.removeAllListeners('notification');
    lost.end().catch(() => undefined);
    if (closed) return;
    if (error) handlers.error?.(error);
    retry = setTimeout(connect, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  };

  const connect = async () => {
    retry = undefined;
    const next = new pg.Client({
      ...database.pool.options,
      application_name: 'rapport listener',
      keepAlive: true,
    });
    client = next;
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.notification(message.payload ?? '');
    });
    next.on('error', (error) => dropped(next, error));
    next.on('end', () => dropped(next, new Error('the listening connection ended')));
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      dropped(next, error as Error);
      return;
    }
    if (client !== next) return;
    retryMs = firstRetryMs;
    resolveReady();
    handlers.listening?.();
  };

  const heartbeat = setInterval(() => {
    const current = client;
    current?.query('select 1').catch((error: Error) => dropped(current, error));
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();
  void connect();

  return {
    ready,
    close: async () => {
      closed = true;
      clearInterval(heartbeat);
      if (retry) clearTimeout(retry);
      const last = client;
      client = undefined;
      if (last) {
        last.removeAllListeners('notification');
        await last.end().catch(() => undefined);
      }
    },
  };
}
