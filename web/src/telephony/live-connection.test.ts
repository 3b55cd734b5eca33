import { describe, expect, it } from 'vitest';
import { CLOSED, type EventSourceLike, keepLiveConnection, type LiveStatus } from './live-connection';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  readonly listeners = new Map<string, (event: MessageEvent<string>) => void>();
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, listener);
  }
  close() {
    this.closed = true;
    this.readyState = CLOSED;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(type: string, data: string) {
    this.listeners.get(type)?.({ data } as MessageEvent<string>);
  }
  /** A dropped connection the browser retries itself (CONNECTING), or gives up on (CLOSED). */
  fail(givesUp: boolean) {
    this.readyState = givesUp ? CLOSED : 0;
    this.onerror?.(new Event('error'));
  }
}

function harness() {
  const sources: FakeSource[] = [];
  const network = { offline: () => {}, online: () => {}, watching: false };
  const statuses: LiveStatus[] = [];
  const events: string[] = [];
  const timers: { run(): void; ms: number }[] = [];
  const stop = keepLiveConnection({
    open: () => {
      const source = new FakeSource();
      sources.push(source);
      return source;
    },
    types: ['call'],
    onEvent: (type, data) => events.push(`${type}:${data}`),
    onStatus: (status) => statuses.push(status),
    watchNetwork: (handlers) => {
      network.offline = handlers.offline;
      network.online = handlers.online;
      network.watching = true;
      return () => {
        network.watching = false;
      };
    },
    setTimer: (run, ms) => timers.push({ run, ms }),
    clearTimer: () => undefined,
    random: () => 0.5,
  });
  return { sources, statuses, events, timers, network, stop };
}

describe('live connection', () => {
  it('hands on events and reports live once open', () => {
    const h = harness();
    h.sources[0]?.open();
    h.sources[0]?.emit('call', '{"from":"1"}');
    expect(h.events).toEqual(['call:{"from":"1"}']);
    expect(h.statuses).toEqual(['connecting', 'live']);
  });

  it('leaves a drop the browser retries to the browser', () => {
    const h = harness();
    h.sources[0]?.open();
    h.sources[0]?.fail(false);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    expect(h.timers).toHaveLength(0);
    h.sources[0]?.open();
    expect(h.statuses.at(-1)).toBe('live');
    expect(h.sources).toHaveLength(1);
  });

  it('opens a new stream after a growing delay when the browser gives up, and resets once connected', () => {
    const h = harness();
    h.sources[0]?.fail(true);
    expect(h.sources[0]?.closed).toBe(true);
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
    h.timers[0]?.run();
    expect(h.sources).toHaveLength(2);
    h.sources[1]?.fail(true);
    expect(h.timers.map((t) => t.ms)).toEqual([1000, 2000]);
    h.timers[1]?.run();
    h.sources[2]?.open();
    h.sources[2]?.emit('call', 'x');
    expect(h.events).toEqual(['call:x']);
    h.sources[2]?.fail(true);
    expect(h.timers.at(-1)?.ms).toBe(1000);
  });

  it('drops a stream that looks open when the network goes, and reconnects at once when it is back', () => {
    const h = harness();
    h.sources[0]?.open();
    h.network.offline();
    expect(h.sources[0]?.closed).toBe(true);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    // Tries again later in case the browser never says it is back...
    expect(h.timers.map((t) => t.ms)).toEqual([1000]);
    // ...but "online" does not wait for the delay.
    h.network.online();
    expect(h.sources).toHaveLength(2);
    h.sources[1]?.open();
    expect(h.statuses.at(-1)).toBe('live');
    h.sources[1]?.emit('call', 'after');
    expect(h.events).toEqual(['call:after']);
    // A later "online" leaves a live stream alone.
    h.network.online();
    expect(h.sources).toHaveLength(2);
  });

  it('stops for good', () => {
    const h = harness();
    h.sources[0]?.fail(true);
    h.stop();
    h.timers[0]?.run();
    expect(h.sources).toHaveLength(1);
    expect(h.network.watching).toBe(false);
  });
});
