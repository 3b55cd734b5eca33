import { describe, expect, it } from 'vitest';
import { calendarDate, parseDay, parseTime, readTime } from './dates';

describe('the date reader', () => {
  it('takes real days and refuses impossible ones instead of rolling them over', () => {
    expect(parseDay('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    for (const day of ['2023-02-29', '2025-02-30', '2025-04-31', '2025-13-01', '2025-00-10', '2025-1-1'])
      expect(parseDay(day)).toBeUndefined();
  });

  it('holds years 0001 to 9999, as PostgreSQL does (it has no year 0000)', () => {
    expect(parseDay('0001-01-01')?.getUTCFullYear()).toBe(1);
    expect(parseDay('0000-01-01')).toBeUndefined();
    expect(parseTime('9999-12-31T23:59:59Z')?.getUTCFullYear()).toBe(9999);
    // An offset that moves the instant out of the range.
    expect(parseTime('0001-01-01T00:30:00+01:00')).toBeUndefined();
    expect(parseTime('9999-12-31T23:30:00-01:00')).toBeUndefined();
    // Date.UTC would read year 50 as 1950.
    expect(calendarDate(50, 1, 1)?.getUTCFullYear()).toBe(50);
  });

  it('reads ISO 8601 times with a zone; a zone is required unless said otherwise', () => {
    expect(parseTime('2026-01-02T10:00:00Z')?.toISOString()).toBe('2026-01-02T10:00:00.000Z');
    expect(parseTime('2026-01-02 10:00:00.123456+01:30')?.toISOString()).toBe('2026-01-02T08:30:00.123Z');
    expect(parseTime('2026-01-02T10:00-0500')?.toISOString()).toBe('2026-01-02T15:00:00.000Z');
    expect(parseTime('2026-01-02T10:00:00')).toBeUndefined();
    expect(parseTime('2026-01-02T10:00:00', { zoneOptional: true })?.toISOString()).toBe(
      '2026-01-02T10:00:00.000Z',
    );
    expect(parseTime('2026-01-02')).toBeUndefined();
    expect(parseTime('2026-01-02', { dayAlone: true })?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    for (const bad of [
      '2026-01-02T24:00:00Z',
      '2026-01-02T10:60:00Z',
      '2026-01-02T10:00:60Z',
      '2026-01-02T10:00:00+24:00',
    ])
      expect(parseTime(bad)).toBeUndefined();
  });

  it('names the field when it refuses', () => {
    expect(() => readTime('dueAt', '2025-02-30T10:00:00Z')).toThrow(
      expect.objectContaining({ field: 'dueAt' }),
    );
  });
});
