/** A fixed-window counter per key, in memory (one Rapport process serves one data folder or pool). */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again, or 0 when it is under its limit. */
  retryAfter(key: string): number {
    const entry = this.current(key);
    return entry && entry.count >= this.limit ? Math.ceil((entry.resetAt - this.now()) / 1000) : 0;
  }

  hit(key: string): void {
    const entry = this.current(key);
    if (entry) entry.count++;
    else this.hits.set(key, { count: 1, resetAt: this.now() + this.windowMs });
    if (this.hits.size > 100_000) this.prune();
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private current(key: string) {
    const entry = this.hits.get(key);
    if (entry && entry.resetAt <= this.now()) {
      this.hits.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}

/**
 * An exponential backoff per key, in memory: the first `free` failures cost nothing; after that each
 * further try must wait `baseMs`, then twice as long, and so on up to `maxMs`, counted from the last
 * failure. A key is forgotten after `forgetMs` without failures, or on `reset` (a success).
 */
export class Backoff {
  private readonly failures = new Map<string, { count: number; lastAt: number }>();

  constructor(
    readonly options: { free: number; baseMs: number; maxMs: number; forgetMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again, or 0. */
  retryAfter(key: string): number {
    const entry = this.current(key);
    if (!entry || entry.count < this.options.free) return 0;
    const wait = entry.lastAt + this.delay(entry.count) - this.now();
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  fail(key: string): void {
    const entry = this.current(key);
    this.failures.set(key, { count: (entry?.count ?? 0) + 1, lastAt: this.now() });
    if (this.failures.size > 100_000) this.prune();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  /** The wait after the `count`-th failure. */
  private delay(count: number): number {
    const { free, baseMs, maxMs } = this.options;
    return Math.min(maxMs, baseMs * 2 ** Math.min(30, count - free));
  }

  private current(key: string) {
    const entry = this.failures.get(key);
    if (entry && this.now() - entry.lastAt > this.options.forgetMs) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.current(key);
  }
}
