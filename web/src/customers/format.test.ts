import { describe, expect, it } from 'vitest';
import { defaultCallbackTime, formatDuration, formatPhone, humanise, toLocalInput } from './format';

describe('formatting', () => {
  it('shows E.164 phones internationally and leaves other text alone', () => {
    expect(formatPhone('+14155550100')).toBe('+1 415 555 0100');
    expect(formatPhone('+442079460018')).toBe('+44 20 7946 0018');
    expect(formatPhone('shop:1')).toBe('shop:1');
  });

  it('humanises codes and durations', () => {
    expect(humanise('pre_sales')).toBe('Pre sales');
    expect(formatDuration(65)).toBe('1 min 5 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(9)).toBe('9 s');
    expect(formatDuration(null)).toBeNull();
  });

  it('proposes a call-back on the next full hour at least 30 minutes ahead', () => {
    const at = (h: number, m: number) => new Date(2026, 2, 1, h, m);
    expect(toLocalInput(defaultCallbackTime(at(14, 10)))).toBe('2026-03-01T15:00');
    expect(toLocalInput(defaultCallbackTime(at(14, 40)))).toBe('2026-03-01T16:00');
    expect(toLocalInput(defaultCallbackTime(at(23, 45)))).toBe('2026-03-02T01:00');
  });
});
