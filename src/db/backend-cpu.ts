import fs from 'node:fs';
import type { Database } from './connection';

/**
 * CPU seconds used by the database's backends (read from /proc when the server is local) since the
 * first sample: every backend seen at any sample, those that connected later counted from their start
 * (the pool opens connections as calls overlap).
 */
export class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private local = true;
  private sampled = false;

  constructor(private readonly database: Database) {}

  async sample(): Promise<void> {
    if (this.database.kind !== 'postgres' || !this.local) return;
    const { rows } = await this.database.pool.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database()',
    );
    for (const { pid } of rows) {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
        if (!this.first.has(pid)) this.first.set(pid, this.sampled ? 0 : seconds);
        this.last.set(pid, seconds);
      } catch {
        // Not on this machine (no /proc entry for a backend we just saw), or one that has just ended.
        if (this.last.size === 0) this.local = false;
      }
    }
    this.sampled = true;
  }

  seconds(): number | null {
    if (this.database.kind !== 'postgres' || !this.local) return null;
    let total = 0;
    for (const [pid, seconds] of this.last) total += seconds - (this.first.get(pid) ?? 0);
    return total;
  }
}
