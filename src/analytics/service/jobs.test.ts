import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../platform/index';
import { JobRunner } from '../../platform/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../testing/db';
import { analyticsJobHandlers, lastScoreSlot, queueDueScoreRecomputes, RECOMPUTE_SCORES } from './jobs';

describe('the daily score slot', () => {
  it('is the last 02:00 UTC at or before now', () => {
    expect(lastScoreSlot(new Date('2024-05-10T01:59:59Z')).toISOString()).toBe('2024-05-09T02:00:00.000Z');
    expect(lastScoreSlot(new Date('2024-05-10T02:00:00Z')).toISOString()).toBe('2024-05-10T02:00:00.000Z');
    expect(lastScoreSlot(new Date('2024-03-01T00:30:00Z')).toISOString()).toBe('2024-02-29T02:00:00.000Z');
  });
});

describeEachDatabase('score recompute schedule and job', (kind) => {
  let database: TestDatabase;
  let workspaces: string[];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    workspaces = [
      (await createWorkspace(database.db, { slug: 'sched-a', name: 'A' })).id,
      (await createWorkspace(database.db, { slug: 'sched-b', name: 'B' })).id,
    ];
  });
  afterAll(() => database.close());

  const recomputeJobs = async () => {
    const { rows } = await sql<{
      workspace_id: string;
      state: string;
      result: Record<string, unknown> | null;
    }>`
      select workspace_id, state, result from jobs where kind = ${RECOMPUTE_SCORES} order by created_at`.execute(
      database.db,
    );
    return rows;
  };

  it('queues one recompute per workspace per daily slot, however often it is asked', async () => {
    const now = new Date();
    expect((await queueDueScoreRecomputes(database.db, now)).sort()).toEqual([...workspaces].sort());
    expect(await queueDueScoreRecomputes(database.db, now)).toEqual([]);
    expect(await queueDueScoreRecomputes(database.db, new Date(now.getTime() + 60_000))).toEqual([]);
    // The next day's slot (jobs created "today" are before it) queues again.
    const tomorrow = new Date(lastScoreSlot(now).getTime() + 24 * 3_600_000 + 60_000);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from jobs where kind = ${RECOMPUTE_SCORES}`.execute(database.db);
    expect(rows[0]?.n).toBe(2);
    expect((await queueDueScoreRecomputes(database.db, tomorrow)).length).toBe(2);
  });

  it('runs the recompute (an empty workspace scores nobody) and skips a recompute already superseded', async () => {
    const runner = new JobRunner(database.db, analyticsJobHandlers(), { workerId: 'test' });
    expect(await runner.drain()).toBe(4);
    const jobs = await recomputeJobs();
    expect(jobs.every((j) => j.state === 'succeeded')).toBe(true);
    // Per workspace: the first run computes (nobody to score); the second, queued before the first
    // finished, has nothing newer to add and skips.
    for (const ws of workspaces) {
      const mine = jobs.filter((j) => j.workspace_id === ws);
      expect(mine[0]?.result).toMatchObject({ customers: 0, written: 0, modelError: null });
      expect(mine[1]?.result).toMatchObject({
        skipped: expect.stringContaining('finished after this one was queued'),
      });
    }
  });
});
