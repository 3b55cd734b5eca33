import http from 'node:http';

/** One server-sent event as a client reads it. */
export interface ReceivedEvent {
  id: string | undefined;
  event: string;
  data: string;
  /** performance.now() when its last byte arrived. */
  receivedAt: number;
}

export interface EventStreamClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Every event so far, comments excluded. */
  events: ReceivedEvent[];
  /** Comment lines so far (`: connected`). */
  comments: string[];
  /** The `retry:` hint, if sent. */
  retry: number | undefined;
  /** The next event of this type not yet taken (waits up to `timeoutMs`). */
  next(type: string, timeoutMs?: number): Promise<ReceivedEvent>;
  close(): void;
}

/**
 * A minimal text/event-stream reader over a real HTTP connection (what a browser's EventSource does),
 * for tests and the screen-pop benchmark.
 */
export function connectEventStream(url: string, headers: Record<string, string>): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      const client: EventStreamClient = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        events: [],
        comments: [],
        retry: undefined,
        next: (type, timeoutMs = 5_000) =>
          new Promise((resolveNext, rejectNext) => {
            const take = () => {
              const index = client.events.findIndex((e) => e.event === type && !taken.has(e));
              if (index < 0) return false;
              const event = client.events[index] as ReceivedEvent;
              taken.add(event);
              resolveNext(event);
              return true;
            };
            if (take()) return;
            const timer = setTimeout(() => {
              waiters.delete(check);
              rejectNext(new Error(`no "${type}" event within ${timeoutMs} ms`));
            }, timeoutMs);
            const check = () => {
              if (!take()) return;
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
          }),
        close: () => request.destroy(),
      };
      const taken = new Set<ReceivedEvent>();
      const waiters = new Set<() => void>();
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          readBlock(block, client);
          end = buffer.indexOf('\n\n');
        }
        for (const waiter of [...waiters]) waiter();
      });
      response.on('error', () => undefined);
      resolve(client);
    });
    request.on('error', reject);
  });
}

function readBlock(block: string, client: EventStreamClient): void {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
    else if (line.startsWith('retry:')) client.retry = Number(line.slice(6).trim());
    else if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length > 0)
    client.events.push({ id, event, data: data.join('\n'), receivedAt: performance.now() });
}
