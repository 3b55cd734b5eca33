import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withTenant } from '../../db/index';
import { SYSTEM_PRINCIPAL } from '../../platform/index';
import { createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';
import { createPerson } from '../people/people';
import { type Identifiers, type Resolution, resolveIdentifiers } from './resolution';

describeEachDatabase('identity resolution', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  const resolve = (items: Identifiers[]) =>
    withTenant(api.database.db, a.workspaceId, (trx) =>
      resolveIdentifiers(trx, SYSTEM_PRINCIPAL(a.workspaceId), 'US', items),
    );
  const ok = (outcome: Awaited<ReturnType<typeof resolve>>[number]): Resolution => {
    if (!outcome.ok) throw new Error(`rejected: ${outcome.field} ${outcome.reason}`);
    return outcome.resolution;
  };

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
  });
  afterAll(() => api.close());

  it('creates a person for unknown identifiers, and the next item with one of them attaches its new ones', async () => {
    const [first, second, third] = (
      await resolve([
        { email: 'Zoe@Example.com', name: 'Zoe Park' },
        { email: 'zoe@example.com', phone: '(415) 555-0199' },
        { phone: '415.555.0199', externalId: 'shop:77' },
      ])
    ).map(ok);
    expect(first).toMatchObject({ created: true, matchedBy: [], alsoMatched: [] });
    expect(second).toMatchObject({
      personId: first?.personId,
      created: false,
      matchedBy: ['email:zoe@example.com'],
      attached: ['phone:+14155550199'],
    });
    expect(third).toMatchObject({
      personId: first?.personId,
      matchedBy: ['phone:+14155550199'],
      attached: ['external:shop:77'],
    });
    const { rows } = await sql<{ display_name: string; n: number }>`
      select p.display_name, (select count(*)::int from identities i where i.person_id = p.id) as n
      from people p where p.id = ${first?.personId}`.execute(api.database.db);
    expect(rows).toEqual([{ display_name: 'Zoe Park', n: 3 }]);
  });

  it.runIf(kind === 'postgres')(
    'two batches bringing the same new identifier at once end with one person, found by the later batch',
    async () => {
      const db = api.database.db;
      const actor = SYSTEM_PRINCIPAL(a.workspaceId);
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let first: Resolution | undefined;
      const earlier = withTenant(db, a.workspaceId, async (trx) => {
        first = ok(
          (
            await resolveIdentifiers(trx, actor, 'US', [{ email: 'race@example.com', name: 'Race' }])
          )[0] as Awaited<ReturnType<typeof resolve>>[number],
        );
        await held;
      });
      await expect.poll(() => first).toBeDefined();
      // The later batch looks the email up (not committed yet: unknown), then waits on the earlier
      // batch's uncommitted identity; once that commits it resolves again and finds its person.
      const later = resolve([{ email: 'race@example.com', phone: '+1 415 555 0142' }]);
      await expect
        .poll(async () => {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and query like '%with new_people as%'`.execute(db);
          return rows[0]?.n;
        })
        .toBe(1);
      release();
      await earlier;
      const second = ok((await later)[0] as Awaited<ReturnType<typeof resolve>>[number]);
      expect(first?.created).toBe(true);
      expect(second).toMatchObject({
        personId: first?.personId,
        created: false,
        matchedBy: ['email:race@example.com'],
        attached: ['phone:+14155550142'],
      });
      const { rows } = await sql<{ people: number }>`
        select count(distinct person_id)::int as people from identities
        where workspace_id = ${a.workspaceId} and value in ('race@example.com', '+14155550142')`.execute(db);
      expect(rows[0]?.people).toBe(1);
    },
  );

  it('sends an item whose identifiers point at two people to the best match and records a merge candidate', async () => {
    const system = SYSTEM_PRINCIPAL(a.workspaceId);
    const byEmail = await createPerson(api.database.db, system, {
      displayName: 'By Email',
      emails: ['sam@example.com'],
    });
    const byPhone = await createPerson(api.database.db, system, {
      displayName: 'By Phone',
      phones: ['212 555 0142'],
    });
    const [r] = (await resolve([{ phone: '+1 212-555-0142', email: 'SAM@example.com' }])).map(ok);
    expect(r).toMatchObject({
      personId: byEmail.id,
      matchedBy: ['email:sam@example.com'],
      alsoMatched: [byPhone.id],
    });
    const { rows } = await sql<{ status: string; reasons: string[] }>`
      select status, reasons from merge_candidates
      where (person_a, person_b) in ((${byEmail.id}::uuid, ${byPhone.id}::uuid), (${byPhone.id}::uuid, ${byEmail.id}::uuid))`.execute(
      api.database.db,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('open');
    expect(rows[0]?.reasons[0]).toContain('phone:+12125550142');
    await resolve([{ phone: '2125550142', email: 'sam@example.com' }]);
    const again = await sql<{ reasons: string[] }>`select reasons from merge_candidates`.execute(
      api.database.db,
    );
    expect(again.rows.flatMap((r) => r.reasons)).toHaveLength(1);
  });

  it('rejects malformed or missing identifiers item by item, and keeps the good ones', async () => {
    const outcomes = await resolve([
      { phone: 'call me maybe' },
      { name: 'Nobody' },
      { email: 'kept@example.com' },
    ]);
    expect(outcomes[0]).toEqual({
      ok: false,
      field: 'identifiers.phone',
      reason: expect.stringContaining('not a phone number'),
    });
    expect(outcomes[1]).toMatchObject({ ok: false, field: 'identifiers' });
    expect(outcomes[2]).toMatchObject({ ok: true, resolution: { created: true } });
  });

  it('writes an audit entry for every person it creates', async () => {
    const [r] = (await resolve([{ externalId: 'pos:987', name: 'Walk In' }])).map(ok);
    const { rows } = await sql<{ action: string }>`
      select action from audit_log where object_type = 'people' and object_id = ${r?.personId}`.execute(
      api.database.db,
    );
    expect(rows).toEqual([{ action: 'create' }]);
  });

  it('creates a person whole from the fields the caller gives for the items that made it', async () => {
    const seen: (readonly number[])[] = [];
    const outcomes = await withTenant(api.database.db, a.workspaceId, (trx) =>
      resolveIdentifiers(
        trx,
        SYSTEM_PRINCIPAL(a.workspaceId),
        'US',
        [
          { email: 'kim@example.com' },
          { externalId: 'pos:1' },
          { email: 'KIM@example.com', phone: '(415) 555-0123' },
        ],
        {
          source: 'import',
          newPerson: (items, name) => {
            seen.push(items);
            return {
              display_name: `${name}!`,
              given_name: 'Kim',
              lifecycle_stage: 'customer',
              address: { city: 'Oslo' },
            };
          },
        },
      ),
    );
    const [kim, pos, again] = outcomes.map(ok);
    expect(seen).toEqual([[0, 2], [1]]);
    expect(again).toMatchObject({
      personId: kim?.personId,
      created: false,
      attached: ['phone:+14155550123'],
    });
    expect(pos?.created).toBe(true);
    const { rows } = await sql<{
      display_name: string;
      given_name: string;
      lifecycle_stage: string;
      city: string;
    }>`
      select display_name, given_name, lifecycle_stage, address->>'city' as city from people where id = ${kim?.personId}`.execute(
      api.database.db,
    );
    expect(rows).toEqual([
      { display_name: 'kim@example.com!', given_name: 'Kim', lifecycle_stage: 'customer', city: 'Oslo' },
    ]);
    const stages = await sql<{ from_stage: string | null; to_stage: string }>`
      select from_stage, to_stage from lifecycle_changes where person_id = ${kim?.personId}`.execute(
      api.database.db,
    );
    expect(stages.rows).toEqual([{ from_stage: null, to_stage: 'customer' }]);
    const audit = await sql<{ changes: Record<string, { after: unknown }> }>`
      select changes from audit_log where object_type = 'people' and object_id = ${kim?.personId}`.execute(
      api.database.db,
    );
    expect(audit.rows.map((r) => r.changes.source?.after)).toEqual(['import']);
  });
});
