/**
 * A TCP proxy in front of the test server that a browser test can cut, as a network drop does:
 * every open connection is reset (an event stream included) and new ones are refused until
 * `restore()`. Cookies are per host, not per port, so a session of the server works through it.
 */
import { createServer, type Socket, connect } from 'node:net';

export interface DropProxy {
  /** The server's URL through the proxy (http://127.0.0.1:port). */
  url: string;
  /** Resets every open connection and refuses new ones. */
  drop(): void;
  /** Lets connections through again. */
  restore(): void;
  close(): Promise<void>;
}

export async function startDropProxy(target: string): Promise<DropProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    drop() {
      down = true;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
