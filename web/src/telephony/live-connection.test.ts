import { describe, expect, it } from 'vitest';
import {
  CLOSED,
  type EventSourceLike,
  keepLiveConnection,
  type LiveStatus,
  liveEventsUrl,
} from './live-connection';

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  readonly listeners = new Map<string, (event: MessageEvent<string>) => void>();
  constructor(readonly lastEventId: string | null) {}
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
  /** An event as the browser hands it on: `id` is its `lastEventId` ('' when the stream sent none yet). */
  emit(type: string, data: string, id = '') {
    this.listeners.get(type)?.({ data, lastEventId: id } as MessageEvent<string>);
  }
  /** A dropped connection the browser retries itself (CONNECTING), or gives up on (CLOSED). */
  fail(givesUp: boolean) {
    this.readyState = givesUp ? CLOSED : 0;
    this.onerror?.(new Event('error'));
  }
}

const SILENCE = 40_000;

interface FakeTimer {
  run(): void;
  ms: number;
  due: number;
  done: boolean;
}

function harness() {
  const sources: FakeSource[] = [];
  const network = { offline: () => {}, online: () => {}, watching: false };
  const statuses: LiveStatus[] = [];
  const events: string[] = [];
  const timers: FakeTimer[] = [];
  let now = 0;
  const stop = keepLiveConnection({
    open: (lastEventId) => {
      const source = new FakeSource(lastEventId);
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
    silenceMs: SILENCE,
    setTimer: (run, ms) => {
      const timer: FakeTimer = { run, ms, due: now + ms, done: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      if (timer) (timer as FakeTimer).done = true;
    },
    random: () => 0.5,
  });
  return {
    sources,
    statuses,
    events,
    network,
    stop,
    /** The reconnect timers set so far (the silence watchdog's left out). */
    retries: () => timers.filter((t) => t.ms !== SILENCE),
    /** Moves the clock on, running the timers that fall due (and are not cleared) in order. */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => !t.done && t.due <= end).sort((x, y) => x.due - y.due)[0];
        if (!next) break;
        now = next.due;
        next.done = true;
        next.run();
      }
      now = end;
    },
  };
}

describe('live connection', () => {
  it('hands on events and reports live once open', () => {
    const h = harness();
    h.sources[0]?.open();
    h.sources[0]?.emit('call', '{"from":"1"}', '11');
    h.sources[0]?.emit('ping', '{}', '11');
    expect(h.events).toEqual(['call:{"from":"1"}']);
    expect(h.statuses).toEqual(['connecting', 'live']);
    expect(h.sources[0]?.lastEventId).toBeNull();
  });

  it('leaves a drop the browser retries to the browser', () => {
    const h = harness();
    h.sources[0]?.open();
    h.sources[0]?.fail(false);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    expect(h.retries()).toHaveLength(0);
    h.sources[0]?.open();
    expect(h.statuses.at(-1)).toBe('live');
    expect(h.sources).toHaveLength(1);
  });

  it('opens a new stream after a growing delay when the browser gives up, and resets once connected', () => {
    const h = harness();
    h.sources[0]?.fail(true);
    expect(h.sources[0]?.closed).toBe(true);
    expect(h.retries().map((t) => t.ms)).toEqual([1000]);
    h.advance(1000);
    expect(h.sources).toHaveLength(2);
    h.sources[1]?.fail(true);
    expect(h.retries().map((t) => t.ms)).toEqual([1000, 2000]);
    h.advance(2000);
    h.sources[2]?.open();
    h.sources[2]?.emit('call', 'x', '5');
    expect(h.events).toEqual(['call:x']);
    h.sources[2]?.fail(true);
    expect(h.retries().at(-1)?.ms).toBe(1000);
  });

  it('opens every new stream with the id of the last event received, so the server replays the rest', () => {
    const h = harness();
    h.sources[0]?.open();
    h.sources[0]?.emit('call', 'a', '101');
    h.sources[0]?.emit('call', 'b', '102');
    h.sources[0]?.fail(true);
    h.advance(1000);
    expect(h.sources.map((s) => s.lastEventId)).toEqual([null, '102']);
    // The new stream has sent no id yet (the browser's lastEventId is ''): the one kept still counts.
    h.sources[1]?.open();
    h.sources[1]?.emit('ping', '{}', '');
    h.network.offline();
    h.network.online();
    expect(h.sources[2]?.lastEventId).toBe('102');
    h.sources[2]?.open();
    h.sources[2]?.emit('call', 'c', '230');
    h.network.offline();
    h.network.online();
    expect(h.sources[3]?.lastEventId).toBe('230');
  });

  it('drops a stream silent for the whole window (no event, no ping) and reconnects from the last id', () => {
    const h = harness();
    h.sources[0]?.open();
    h.sources[0]?.emit('call', 'a', '7');
    h.advance(SILENCE - 1);
    h.sources[0]?.emit('ping', '{}', '7'); // each sign of life restarts the count
    h.advance(SILENCE - 1);
    expect(h.sources[0]?.closed).toBe(false);
    expect(h.statuses.at(-1)).toBe('live');
    h.advance(1);
    expect(h.sources[0]?.closed).toBe(true);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    expect(h.sources).toHaveLength(1);
    h.advance(1000);
    expect(h.sources).toHaveLength(2);
    expect(h.sources[1]?.lastEventId).toBe('7');
    h.sources[1]?.open();
    expect(h.statuses.at(-1)).toBe('live');
    // A late event from the dead stream is not handed on.
    h.sources[0]?.emit('call', 'stale', '6');
    expect(h.events).toEqual(['call:a']);
  });

  it('drops a stream that never opens, or that the browser fails to bring back, within the window', () => {
    const h = harness();
    h.advance(SILENCE);
    expect(h.sources[0]?.closed).toBe(true);
    h.advance(1000);
    h.sources[1]?.open();
    h.sources[1]?.fail(false); // the browser retries...
    h.advance(SILENCE - 1);
    expect(h.sources[1]?.closed).toBe(false);
    h.advance(1); // ...and gets nowhere
    expect(h.sources[1]?.closed).toBe(true);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    h.advance(1000);
    expect(h.sources).toHaveLength(3);
  });

  it('drops a stream that looks open when the network goes, and reconnects at once when it is back', () => {
    const h = harness();
    h.sources[0]?.open();
    h.network.offline();
    expect(h.sources[0]?.closed).toBe(true);
    expect(h.statuses.at(-1)).toBe('reconnecting');
    // Tries again later in case the browser never says it is back...
    expect(h.retries().map((t) => t.ms)).toEqual([1000]);
    // ...but "online" does not wait for the delay.
    h.network.online();
    expect(h.sources).toHaveLength(2);
    h.sources[1]?.open();
    expect(h.statuses.at(-1)).toBe('live');
    h.sources[1]?.emit('call', 'after', '3');
    expect(h.events).toEqual(['call:after']);
    // A later "online" leaves a live stream alone.
    h.network.online();
    expect(h.sources).toHaveLength(2);
    // The cancelled retry does not open another.
    h.advance(SILENCE - 1);
    expect(h.sources).toHaveLength(2);
  });

  it('stops for good', () => {
    const h = harness();
    h.sources[0]?.fail(true);
    h.stop();
    h.retries()[0]?.run();
    h.advance(10 * SILENCE);
    expect(h.sources).toHaveLength(1);
    expect(h.network.watching).toBe(false);
  });

  it('resumes through the URL only with an id the server gave (digits)', () => {
    expect(liveEventsUrl(null)).toBe('/api/events');
    expect(liveEventsUrl('1764000000000123')).toBe('/api/events?lastEventId=1764000000000123');
    expect(liveEventsUrl('12&x=1')).toBe('/api/events');
    expect(liveEventsUrl('')).toBe('/api/events');
  });
});
