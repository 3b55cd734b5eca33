import { describe, expect, it } from 'vitest';
import { describeOpenItems, parseScreenPop, reconnectDelay, type ScreenPop } from './pop';

describe('screen pop events', () => {
  it('reads a known caller', () => {
    const pop = parseScreenPop(
      JSON.stringify({
        callId: 'c1',
        interactionId: 'i1',
        personId: 'p1',
        name: 'Ann Lee',
        newCaller: false,
        segment: 'champions',
        openItems: { tasks: 2, cases: 0 },
        from: '(415) 555-0100',
        fromE164: '+14155550100',
        to: '+18005550000',
        receivedAt: '2026-01-01T10:00:00.000Z',
      }),
    );
    expect(pop).toMatchObject({ personId: 'p1', name: 'Ann Lee', newCaller: false, openItems: { tasks: 2 } });
  });

  it('treats a pop without a person as a new caller, keeps only open items, and ignores garbage', () => {
    const unknown = {
      callId: null,
      interactionId: null,
      personId: null,
      name: null,
      newCaller: false,
      segment: null,
      openItems: { tasks: 0 },
      from: 'anonymous',
      fromE164: null,
      to: '+18005550000',
      receivedAt: '2026-01-01T10:00:00.000Z',
    } satisfies ScreenPop;
    expect(parseScreenPop(JSON.stringify(unknown))).toEqual({ ...unknown, newCaller: true, openItems: {} });
    expect(parseScreenPop('not json')).toBeNull();
    expect(parseScreenPop(JSON.stringify({ personId: 'p1' }))).toBeNull();
  });

  it('describes open items', () => {
    expect(describeOpenItems({ tasks: 1, cases: 3 })).toBe('1 open task, 3 open cases');
    expect(describeOpenItems({})).toBeNull();
  });
});

describe('reconnect delay', () => {
  it('doubles from one second up to thirty, with jitter', () => {
    const mid = () => 0.5;
    expect(reconnectDelay(1, mid)).toBe(1000);
    expect(reconnectDelay(2, mid)).toBe(2000);
    expect(reconnectDelay(4, mid)).toBe(8000);
    expect(reconnectDelay(20, mid)).toBe(30_000);
    expect(reconnectDelay(1, () => 0)).toBe(800);
    expect(reconnectDelay(1, () => 1)).toBe(1200);
  });
});
