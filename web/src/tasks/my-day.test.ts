import { describe, expect, it } from 'vitest';
import { stillDueToday } from './my-day';

describe('my day', () => {
  it('leaves tasks already overdue to the overdue list', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const tasks = [
      { id: 'a', dueAt: '2026-03-01T09:00:00Z' },
      { id: 'b', dueAt: '2026-03-01T12:00:00Z' },
      { id: 'c', dueAt: '2026-03-01T17:30:00Z' },
    ];
    expect(stillDueToday(tasks, now).map((t) => t.id)).toEqual(['b', 'c']);
  });
});
