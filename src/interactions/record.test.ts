import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withTenant } from '../db/index';
import { AppError } from '../platform/index';
import { type Principal, SYSTEM_PRINCIPAL } from '../platform/index';
import { createTestApi, type TestApi, type TestTenant } from '../testing/api';
import { describeEachDatabase } from '../testing/db';
import { type InteractionInput, recordInteraction } from './index';

describeEachDatabase('recordInteraction inside a caller transaction', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let actor: Principal;
  const call = (over: Partial<InteractionInput> = {}): InteractionInput => ({
    channel: 'phone',
    direction: 'inbound',
    type: 'call',
    occurredAt: new Date('2026-01-05T09:30:00Z'),
    durationSeconds: 125,
    identifiers: { phone: '(415) 555-0123' },
    summary: 'Asked about delivery',
    ...over,
  });
  const record = (input: InteractionInput) =>
    withTenant(api.database.db, a.workspaceId, (trx) => recordInteraction(trx, actor, input));

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    actor = SYSTEM_PRINCIPAL(a.workspaceId);
  });
  afterAll(() => api.close());

  it('records a call, finds or creates the caller, and names the agent by email', async () => {
    const first = await record(call({ agent: `ADMIN@${a.slug}.example.com`, idempotencyKey: 'call-1' }));
    expect(first.status).toBe('created');
    expect(first.personId).toMatch(/^[0-9a-f-]{36}$/);
    const second = await record(
      call({ idempotencyKey: 'call-2', identifiers: { phone: '+1 415 555 0123' } }),
    );
    expect(second).toMatchObject({ status: 'created', personId: first.personId });
    const { rows } = await sql<{ agent_id: string | null; duration_seconds: number; resolution: unknown }>`
      select agent_id, duration_seconds, resolution from interactions where id = ${second.id}`.execute(
      api.database.db,
    );
    expect(rows[0]?.duration_seconds).toBe(125);
    expect(rows[0]?.resolution).toEqual({
      by: 'identifiers',
      matchedBy: ['phone:+14155550123'],
      attached: [],
      createdPerson: false,
      alsoMatched: [],
    });
    const agent = await sql<{
      agent_id: string;
    }>`select agent_id from interactions where id = ${first.id}`.execute(api.database.db);
    expect(agent.rows[0]?.agent_id).toBe(a.adminId);
  });

  it('answers a repeated idempotency key with the first row', async () => {
    const again = await record(call({ idempotencyKey: 'call-1', summary: 'changed' }));
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from interactions where idempotency_key = 'call-1'`.execute(api.database.db);
    expect(again.status).toBe('duplicate');
    expect(rows[0]?.n).toBe(1);
  });

  it('rolls back with the caller when the caller fails', async () => {
    await expect(
      withTenant(api.database.db, a.workspaceId, async (trx) => {
        await recordInteraction(trx, actor, call({ idempotencyKey: 'rolled-back' }));
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from interactions where idempotency_key = 'rolled-back'`.execute(
      api.database.db,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('throws a validation error naming the field', async () => {
    const bad = await record(call({ identifiers: { phone: 'call me' } })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(AppError);
    expect(bad).toMatchObject({ code: 'validation_failed', field: 'identifiers.phone' });
    const unknownAgent = await record(call({ agent: 'nobody@example.com' })).catch((e: unknown) => e);
    expect(unknownAgent).toMatchObject({ code: 'not_found', field: 'agent' });
    const channel = await record(call({ channel: 'fax' as 'phone' })).catch((e: unknown) => e);
    expect(channel).toMatchObject({ code: 'validation_failed', field: 'channel' });
  });
});
