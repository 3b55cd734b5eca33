import { expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

it('allows up to the limit in a window, then asks to wait until the window ends', () => {
  let now = 0;
  const limiter = new RateLimiter(3, 10_000, () => now);
  for (let i = 0; i < 3; i++) {
    expect(limiter.retryAfter('k')).toBe(0);
    limiter.hit('k');
  }
  expect(limiter.retryAfter('k')).toBe(10);
  expect(limiter.retryAfter('other')).toBe(0);
  now = 7_500;
  expect(limiter.retryAfter('k')).toBe(3);
  now = 10_000;
  expect(limiter.retryAfter('k')).toBe(0);
  limiter.hit('k');
  limiter.reset('k');
  expect(limiter.retryAfter('k')).toBe(0);
});
