import { expect, it } from 'vitest';
import { Backoff, RateLimiter } from './rate-limit';

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

it('backs off exponentially after the free failures, up to a cap, and forgets after a quiet while', () => {
  let now = 0;
  const backoff = new Backoff({ free: 3, baseMs: 1_000, maxMs: 8_000, forgetMs: 60_000 }, () => now);
  for (let i = 0; i < 3; i++) {
    expect(backoff.retryAfter('k')).toBe(0);
    backoff.fail('k');
  }
  expect(backoff.retryAfter('k')).toBe(1);
  now = 1_000;
  expect(backoff.retryAfter('k')).toBe(0);
  backoff.fail('k');
  expect(backoff.retryAfter('k')).toBe(2);
  for (let i = 0; i < 5; i++) backoff.fail('k');
  expect(backoff.retryAfter('k')).toBe(8);
  expect(backoff.retryAfter('other')).toBe(0);
  now += 61_000;
  expect(backoff.retryAfter('k')).toBe(0);
  backoff.fail('k');
  expect(backoff.retryAfter('k')).toBe(0);
  backoff.reset('k');
  expect(backoff.retryAfter('k')).toBe(0);
});
