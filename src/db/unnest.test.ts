import { expect, it } from 'vitest';
import { timeOrderedId } from './unnest';

it('makes version-7 UUIDs that sort by the time they were made', () => {
  const earlier = timeOrderedId(Date.UTC(2026, 0, 1));
  const later = timeOrderedId(Date.UTC(2026, 0, 1, 0, 0, 0, 1));
  expect(earlier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(earlier.slice(0, 13)).toBe(
    `${Date.UTC(2026, 0, 1).toString(16).padStart(12, '0').slice(0, 8)}-${Date.UTC(2026, 0, 1).toString(16).padStart(12, '0').slice(8)}`,
  );
  expect(earlier < later).toBe(true);
  expect(new Set(Array.from({ length: 1000 }, () => timeOrderedId(0))).size).toBe(1000);
});
