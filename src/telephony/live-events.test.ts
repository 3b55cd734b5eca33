import { describe, expect, it } from 'vitest';
import { formatEvent, openEventStream, PING, parseLastEventId } from './event-stream';
import { type LiveEvent, LiveEvents } from './live-events';

const sink = () => {
  const chunks: string[] = [];
  return {
    chunks,
    ended: false,
    write: (c: string) => chunks.push(c),
    end() {
      this.ended = true;
    },
  };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live events', () => {
  it('delivers a publish only to subscribers of that workspace and user', () => {
    const hub = new LiveEvents();
    const got: Record<string, LiveEvent[]> = { a: [], otherUser: [], otherWorkspace: [] };
    hub.subscribe('ws-a', 'u1', { send: (e) => got.a!.push(e), end: () => undefined });
    hub.subscribe('ws-a', 'u2', { send: (e) => got.otherUser!.push(e), end: () => undefined });
    hub.subscribe('ws-b', 'u1', { send: (e) => got.otherWorkspace!.push(e), end: () => undefined });
    hub.publish('ws-a', 'u1', 'call', { n: 1 });
    expect(got.a!.map((e) => e.data)).toEqual([{ n: 1 }]);
    expect(got.otherUser).toEqual([]);
    expect(got.otherWorkspace).toEqual([]);
  });

  it('replays kept events after Last-Event-ID to a reconnecting subscriber, and forgets old ones', async () => {
    const hub = new LiveEvents({ keep: 2, keepMs: 50 });
    const first = hub.publish('ws', 'u', 'call', 1);
    hub.publish('ws', 'u', 'call', 2);
    hub.publish('ws', 'u', 'call', 3);
    const replayed: unknown[] = [];
    hub.subscribe('ws', 'u', { send: (e) => replayed.push(e.data), end: () => undefined }, first.id);
    expect(replayed).toEqual([2, 3]); // only the last two are kept
    await sleep(80);
    const late: unknown[] = [];
    hub.subscribe('ws', 'u', { send: (e) => late.push(e.data), end: () => undefined }, first.id);
    expect(late).toEqual([]);
  });

  it('streams the retry hint, ping heartbeats, and events in the server-sent events format', async () => {
    const hub = new LiveEvents();
    const out = sink();
    const stop = openEventStream(
      out,
      hub,
      { workspaceId: 'ws', userId: 'u' },
      { heartbeatMs: 20, retryMs: 1500 },
    );
    expect(out.chunks[0]).toBe('retry: 1500\n: connected\n\n');
    await sleep(70);
    // A named event the page can listen to (a comment never reaches it), with no id: it must not
    // move the client's Last-Event-ID, or a reconnect would skip events.
    expect(PING).toBe('event: ping\ndata: {}\n\n');
    expect(out.chunks.filter((c) => c === PING).length).toBeGreaterThanOrEqual(2);
    const event = hub.publish('ws', 'u', 'call', { personId: 'p1' });
    expect(out.chunks.at(-1)).toBe(`id: ${event.id}\nevent: call\ndata: {"personId":"p1"}\n\n`);
    stop();
    const count = out.chunks.length;
    hub.publish('ws', 'u', 'call', {});
    await sleep(50);
    expect(out.chunks).toHaveLength(count); // no events nor heartbeats after stop
    expect(hub.subscriberCount('ws', 'u')).toBe(0);
  });

  it('ends every stream when the hub closes (server shutdown)', () => {
    const hub = new LiveEvents();
    const out = sink();
    openEventStream(out, hub, { workspaceId: 'ws', userId: 'u' });
    hub.close();
    expect(out.ended).toBe(true);
    const late = sink();
    openEventStream(late, hub, { workspaceId: 'ws', userId: 'u' });
    expect(late.ended).toBe(true);
  });

  it('reads Last-Event-ID only when it is a number', () => {
    expect(parseLastEventId('1764000000000123')).toBe(1764000000000123);
    expect(parseLastEventId(['42'])).toBe(42);
    expect(parseLastEventId('abc')).toBeUndefined();
    expect(parseLastEventId(undefined)).toBeUndefined();
    expect(formatEvent({ id: 7, type: 'call', data: 'x', at: 0 })).toBe('id: 7\nevent: call\ndata: "x"\n\n');
  });
});
