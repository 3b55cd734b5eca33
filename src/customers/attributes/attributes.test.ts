import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/index';
import { bearer, createTestApi, type TestApi, type TestTenant } from '../../testing/api';
import { describeEachDatabase } from '../../testing/db';
import { attributeCondition } from './attributes-filter';
import { customers } from '../tables';

describeEachDatabase('custom attributes', (kind) => {
  let api: TestApi;
  let a: TestTenant;
  let b: TestTenant;
  const call = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    api.app.inject({ method, url, headers: bearer(token), payload });
  const define = async (tenant: TestTenant, body: object) => {
    const r = await call(tenant.adminToken, 'POST', '/api/attributes', body);
    expect(r.statusCode).toBe(201);
    return r.json().id as string;
  };
  const ids = (r: { json(): { items: { id: string }[] } }) =>
    r
      .json()
      .items.map((x) => x.id)
      .sort();

  beforeAll(async () => {
    api = await createTestApi(kind);
    a = await api.addTenant('acme');
    b = await api.addTenant('bolt');
    await define(a, {
      objectType: 'people',
      key: 'tier',
      type: 'choice',
      options: ['gold', 'silver', 'bronze'],
    });
    await define(a, { objectType: 'people', key: 'score', label: 'Score', type: 'number' });
    await define(a, { objectType: 'people', key: 'renewal', type: 'date' });
    await define(a, { objectType: 'people', key: 'vip', type: 'boolean' });
    await define(a, { objectType: 'accounts', key: 'employees', type: 'number' });
    await define(a, { objectType: 'accounts', key: 'region', type: 'text', required: true });
    await define(b, { objectType: 'people', key: 'tier', type: 'text' });
  });
  afterAll(() => api.close());

  describe('definitions', () => {
    it('are listed per workspace, and a key is defined once per object type', async () => {
      const list = (await call(a.adminToken, 'GET', '/api/attributes?objectType=people')).json().items;
      expect(list.map((d: { key: string; type: string }) => `${d.key}:${d.type}`)).toEqual([
        'renewal:date',
        'score:number',
        'tier:choice',
        'vip:boolean',
      ]);
      expect(list.find((d: { key: string }) => d.key === 'tier')).toMatchObject({
        label: 'tier',
        options: ['gold', 'silver', 'bronze'],
        required: false,
      });
      const again = await call(a.adminToken, 'POST', '/api/attributes', {
        objectType: 'people',
        key: 'tier',
        type: 'text',
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.field).toBe('key');
      const noOptions = await call(a.adminToken, 'POST', '/api/attributes', {
        objectType: 'people',
        key: 'size',
        type: 'choice',
      });
      expect(noOptions.json().error).toMatchObject({ code: 'validation_failed', field: 'options' });
      const badKey = await call(a.adminToken, 'POST', '/api/attributes', {
        objectType: 'people',
        key: 'Bad Key',
        type: 'text',
      });
      expect(badKey.statusCode).toBe(400);
      const theirs = (await call(b.adminToken, 'GET', '/api/attributes')).json().items;
      expect(theirs.map((d: { key: string; type: string }) => `${d.key}:${d.type}`)).toEqual(['tier:text']);
    });

    it('are changed and removed by admins only; a choice in use cannot be dropped', async () => {
      const sales = await api.addUser(a, 'sales');
      expect((await call(sales.token, 'GET', '/api/attributes')).statusCode).toBe(200);
      const denied = await call(sales.token, 'POST', '/api/attributes', {
        objectType: 'people',
        key: 'nope',
        type: 'text',
      });
      expect(denied.statusCode).toBe(403);

      const id = await define(a, {
        objectType: 'people',
        key: 'plan',
        type: 'choice',
        options: ['free', 'pro'],
      });
      const p = await call(a.adminToken, 'POST', '/api/people', {
        displayName: 'Plan User',
        attributes: { plan: 'pro' },
      });
      expect(p.statusCode).toBe(201);
      const drop = await call(a.adminToken, 'PATCH', `/api/attributes/${id}`, { options: ['free'] });
      expect(drop.statusCode).toBe(409);
      expect(drop.json().error.field).toBe('options');
      const grow = await call(a.adminToken, 'PATCH', `/api/attributes/${id}`, {
        options: ['free', 'pro', 'team'],
        label: 'Plan',
      });
      expect(grow.json()).toMatchObject({ label: 'Plan', options: ['free', 'pro', 'team'] });

      expect((await call(a.adminToken, 'DELETE', `/api/attributes/${id}`)).statusCode).toBe(204);
      const after = (await call(a.adminToken, 'GET', `/api/people/${p.json().id}`)).json();
      expect(after.attributes).toEqual({});
      const audit = (await call(a.adminToken, 'GET', `/api/audit/attribute_definitions/${id}`)).json().items;
      expect(audit.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
    });
  });

  describe('values', () => {
    it('are checked on create and update of people: the 400 names attributes.<key> and the reason', async () => {
      const cases: [object, string, RegExp][] = [
        [{ shoe: 42 }, 'attributes.shoe', /unknown attribute "shoe"/],
        [{ score: 'high' }, 'attributes.score', /must be a number/],
        [{ tier: 'platinum' }, 'attributes.tier', /must be one of "gold", "silver", "bronze"/],
        [{ renewal: '31/03/2026' }, 'attributes.renewal', /must be a date/],
        [{ vip: 'yes' }, 'attributes.vip', /must be true or false/],
      ];
      for (const [attributes, field, message] of cases) {
        const r = await call(a.adminToken, 'POST', '/api/people', { displayName: 'Bad Attr', attributes });
        expect(r.statusCode).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'validation_failed', field });
        expect(r.json().error.message).toMatch(message);
      }
      const ok = await call(a.adminToken, 'POST', '/api/people', {
        displayName: 'Good Attr',
        attributes: { tier: 'gold', score: 3 },
      });
      expect(ok.statusCode).toBe(201);
      const id = ok.json().id;
      const bad = await call(a.adminToken, 'PATCH', `/api/people/${id}`, { attributes: { score: true } });
      expect(bad.json().error.field).toBe('attributes.score');
      const patched = await call(a.adminToken, 'PATCH', `/api/people/${id}`, {
        attributes: { score: null, vip: true },
      });
      expect(patched.json().attributes).toEqual({ tier: 'gold', vip: true });
      // Tenant b's "tier" is text: any text goes there.
      const theirs = await call(b.adminToken, 'POST', '/api/people', {
        displayName: 'Other',
        attributes: { tier: 'platinum' },
      });
      expect(theirs.statusCode).toBe(201);
    });

    it('are checked on accounts, where a required attribute must be given', async () => {
      const missing = await call(a.adminToken, 'POST', '/api/accounts', {
        name: 'No Region',
        attributes: {},
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error).toMatchObject({ field: 'attributes.region', message: 'is required' });
      const wrong = await call(a.adminToken, 'POST', '/api/accounts', {
        name: 'Bad',
        attributes: { region: 'north', employees: '12' },
      });
      expect(wrong.json().error.field).toBe('attributes.employees');
      const ok = await call(a.adminToken, 'POST', '/api/accounts', {
        name: 'Region Co',
        attributes: { region: 'north', employees: 12 },
      });
      expect(ok.statusCode).toBe(201);
      const remove = await call(a.adminToken, 'PATCH', `/api/accounts/${ok.json().id}`, {
        attributes: { region: null },
      });
      expect(remove.json().error.field).toBe('attributes.region');
    });
  });

  describe('filters', () => {
    const people: Record<string, string> = {};
    beforeAll(async () => {
      const rows: [string, Record<string, unknown>][] = [
        ['Filter Gold 5', { tier: 'gold', score: 5, renewal: '2026-01-15', vip: true }],
        ['Filter Gold 10', { tier: 'gold', score: 10, renewal: '2026-03-31' }],
        ['Filter Silver 15', { tier: 'silver', score: 15.5, renewal: '2026-04-01', vip: false }],
        ['Filter Bronze 20', { tier: 'bronze', score: 20, vip: true }],
        ['Filter None', {}],
      ];
      for (const [displayName, attributes] of rows) {
        const r = await call(a.adminToken, 'POST', '/api/people', { displayName, attributes });
        expect(r.statusCode).toBe(201);
        people[displayName] = r.json().id;
      }
    });
    const list = (query: string) => call(a.adminToken, 'GET', `/api/people?namePrefix=filter&${query}`);
    const expectPeople = async (query: string, names: string[]) => {
      const r = await list(query);
      expect(r.statusCode, r.body).toBe(200);
      expect(ids(r)).toEqual(names.map((n) => people[n]).sort());
    };

    it('return exactly the people whose values match: choices, number and date ranges, booleans', async () => {
      await expectPeople('attr.tier=gold', ['Filter Gold 5', 'Filter Gold 10']);
      await expectPeople('attr.score.gte=10', ['Filter Gold 10', 'Filter Silver 15', 'Filter Bronze 20']);
      await expectPeople('attr.score.gt=10&attr.score.lte=20', ['Filter Silver 15', 'Filter Bronze 20']);
      await expectPeople('attr.score.lt=15.5', ['Filter Gold 5', 'Filter Gold 10']);
      await expectPeople('attr.score=15.5', ['Filter Silver 15']);
      await expectPeople('attr.renewal.lt=2026-04-01', ['Filter Gold 5', 'Filter Gold 10']);
      await expectPeople('attr.renewal.gte=2026-03-31', ['Filter Gold 10', 'Filter Silver 15']);
      await expectPeople('attr.vip=true', ['Filter Gold 5', 'Filter Bronze 20']);
      await expectPeople('attr.vip=false', ['Filter Silver 15']);
      await expectPeople('attr.tier=gold&attr.vip=true', ['Filter Gold 5']);
      await expectPeople('attr.tier=silver&attr.score.gte=16', []);
    });

    it('follow updates of the values', async () => {
      const id = people['Filter None'];
      await call(a.adminToken, 'PATCH', `/api/people/${id}`, { attributes: { tier: 'gold', score: 100 } });
      await expectPeople('attr.tier=gold', ['Filter Gold 5', 'Filter Gold 10', 'Filter None']);
      await call(a.adminToken, 'PATCH', `/api/people/${id}`, { attributes: { tier: 'bronze' } });
      await expectPeople('attr.tier=gold', ['Filter Gold 5', 'Filter Gold 10']);
      await expectPeople('attr.score.gte=100', ['Filter None']);
    });

    it('follow a merge: the survivor is found by the values it took from the merged person', async () => {
      const make = async (displayName: string, attributes: object) =>
        (await call(a.adminToken, 'POST', '/api/people', { displayName, attributes })).json().id as string;
      const survivor = await make('Filter Survivor', { tier: 'silver' });
      const merged = await make('Filter Merged', { tier: 'gold', score: 777 });
      const r = await call(a.adminToken, 'POST', '/api/people/merge', {
        survivorId: survivor,
        mergedId: merged,
        dryRun: false,
      });
      expect(r.statusCode).toBe(200);
      people['Filter Survivor'] = survivor;
      await expectPeople('attr.score=777', ['Filter Survivor']);
      // The survivor kept its own tier (non_empty rule: survivor first).
      await expectPeople('attr.tier=silver', ['Filter Silver 15', 'Filter Survivor']);
    });

    it('name the parameter when it is not a defined attribute or the value is not of its type', async () => {
      const cases: [string, string][] = [
        ['attr.shoe=42', 'attr.shoe'],
        ['attr.score.gte=ten', 'attr.score.gte'],
        ['attr.tier=platinum', 'attr.tier'],
        ['attr.tier.gt=gold', 'attr.tier.gt'],
        ['attr.renewal.lt=soon', 'attr.renewal.lt'],
      ];
      for (const [query, field] of cases) {
        const r = await list(query);
        expect(r.statusCode).toBe(400);
        expect(r.json().error.field).toBe(field);
      }
    });

    it('stay in the workspace: the same key elsewhere finds only that workspace’s people', async () => {
      const r = await call(b.adminToken, 'GET', '/api/people?attr.tier=gold');
      expect(r.json().items).toEqual([]);
      const platinum = await call(b.adminToken, 'GET', '/api/people?attr.tier=platinum');
      expect(platinum.json().items.map((p: { displayName: string }) => p.displayName)).toEqual(['Other']);
    });

    it('work on accounts', async () => {
      const small = (
        await call(a.adminToken, 'POST', '/api/accounts', {
          name: 'Small',
          attributes: { region: 'south', employees: 5 },
        })
      ).json().id;
      const big = (
        await call(a.adminToken, 'POST', '/api/accounts', {
          name: 'Big',
          attributes: { region: 'south', employees: 500 },
        })
      ).json().id;
      expect(ids(await call(a.adminToken, 'GET', '/api/accounts?attr.region=south'))).toEqual(
        [small, big].sort(),
      );
      expect(
        ids(await call(a.adminToken, 'GET', '/api/accounts?attr.region=south&attr.employees.gte=100')),
      ).toEqual([big]);
      const bad = await call(a.adminToken, 'GET', '/api/accounts?attr.employees.gte=many');
      expect(bad.json().error.field).toBe('attr.employees.gte');
    });

    it('use the typed index inside a tenant transaction (row-level security on)', async () => {
      const plan = await withTenant(api.database.db, a.workspaceId, async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
        const filter = { key: 'score', op: 'gte', column: 'num', value: 10 } as const;
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${customers(trx)
          .selectFrom('people')
          .select('id')
          .where('workspace_id', '=', a.workspaceId)
          .where(attributeCondition('people', a.workspaceId, filter))}`.execute(trx);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      // The range is an index condition, not a filter applied after reading every value of the workspace.
      expect(plan).toMatch(/people_attribute_values_num/);
      expect(plan).toMatch(/Index (Only )?Cond: .*num >= /);
    });
  });
});
