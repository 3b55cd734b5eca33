import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../db/index';
import { withTenant } from '../db/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { createTestDataDir, describeEachDatabase } from '../testing/db';
import { enqueueJob, type JobHandler, JobRunner } from './jobs';
import { SYSTEM_PRINCIPAL } from './permissions';
import { createWorkspace } from './workspaces';

const countTo: JobHandler = async (ctx) => {
  const total = Number(ctx.payload.total);
  for (let i = 1; i <= total; i++) await ctx.progress(i, total);
  return { counted: total };
};

describeEachDatabase('durable jobs', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  const enqueue = (
    tenant: TestTenant,
    kind: string,
    payload: Record<string, unknown> = {},
    maxAttempts = 3,
  ) =>
    withTenant(api.database.db, tenant.workspaceId, (trx) =>
      enqueueJob(trx, SYSTEM_PRINCIPAL(tenant.workspaceId), { kind, payload, maxAttempts }),
    );
  const getJob = (tenant: TestTenant, id: string) =>
    api.app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: bearer(tenant.adminToken) });

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
  });
  afterAll(() => api.close());

  it('runs a queued job, reports its progress and result through the API, and hides it from other workspaces', async () => {
    const job = await enqueue(a, 'count', { total: 3 });
    expect((await getJob(a, job.id)).json()).toMatchObject({
      state: 'queued',
      progress: { done: 0, total: null },
    });
    const runner = new JobRunner(api.database.db, new Map([['count', countTo]]), { workerId: 'w1' });
    expect(await runner.drain()).toBe(1);
    expect((await getJob(a, job.id)).json()).toMatchObject({
      state: 'succeeded',
      progress: { done: 3, total: 3 },
      result: { counted: 3 },
      attempts: 1,
      finishedAt: expect.any(String),
    });
    expect((await getJob(b, job.id)).statusCode).toBe(404);
  });

  it('retries a failing job with backoff, then records the error', async () => {
    let calls = 0;
    const flaky: JobHandler = async () => {
      calls++;
      throw new Error(`upstream refused (${calls})`);
    };
    const job = await enqueue(a, 'flaky', {}, 2);
    const runner = new JobRunner(api.database.db, new Map([['flaky', flaky]]), { workerId: 'w1' });
    await runner.drain();
    expect((await getJob(a, job.id)).json()).toMatchObject({
      state: 'queued',
      error: 'upstream refused (1)',
    });
    await sql`update jobs set run_after = now() where id = ${job.id}`.execute(api.database.db);
    await runner.drain();
    expect((await getJob(a, job.id)).json()).toMatchObject({
      state: 'failed',
      error: 'upstream refused (2)',
      attempts: 2,
    });
  });

  it('takes over a job whose worker died (its lease ran out), and never runs one job twice at once', async () => {
    const job = await enqueue(a, 'count', { total: 1 });
    await sql`update jobs set state = 'running', attempts = 1, locked_by = 'dead-worker', locked_until = now() + interval '1 hour'
      where id = ${job.id}`.execute(api.database.db);
    const runner = new JobRunner(api.database.db, new Map([['count', countTo]]), { workerId: 'w2' });
    expect(await runner.drain()).toBe(0);
    await sql`update jobs set locked_until = now() - interval '1 second' where id = ${job.id}`.execute(
      api.database.db,
    );
    expect(await runner.drain()).toBe(1);
    expect((await getJob(a, job.id)).json()).toMatchObject({ state: 'succeeded', attempts: 2 });

    const many = await Promise.all(Array.from({ length: 6 }, () => enqueue(b, 'count', { total: 1 })));
    const ran: string[] = [];
    const record: JobHandler = async (ctx) => {
      ran.push(ctx.jobId);
    };
    const workers = ['x', 'y', 'z'].map(
      (w) => new JobRunner(api.database.db, new Map([['count', record]]), { workerId: w }),
    );
    await Promise.all(workers.map((w) => w.drain()));
    expect(ran.sort()).toEqual(many.map((j) => j.id).sort());
  });
});

it('keeps a queued job across a restart of the embedded database', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-jobs-'));
  try {
    await createTestDataDir(dataDir);
    let database = await openDatabase({ kind: 'pglite', dataDir });
    const ws = await createWorkspace(database.db, { slug: 'restart', name: 'Restart' });
    const job = await withTenant(database.db, ws.id, (trx) =>
      enqueueJob(trx, SYSTEM_PRINCIPAL(ws.id), { kind: 'count', payload: { total: 2 } }),
    );
    await database.close();

    database = await openDatabase({ kind: 'pglite', dataDir });
    const runner = new JobRunner(database.db, new Map([['count', countTo]]), { workerId: 'after-restart' });
    expect(await runner.drain()).toBe(1);
    const { rows } = await sql<{ state: string }>`select state from jobs where id = ${job.id}`.execute(
      database.db,
    );
    expect(rows[0]?.state).toBe('succeeded');
    await database.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
