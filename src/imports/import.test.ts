import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace, SYSTEM_PRINCIPAL } from '../platform/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import type { BadRow } from './csv/errors';
import { csvLine, openCsv } from './csv/stream';
import { type RunInput, runImport } from './run';

const PEOPLE = `First,Last,E-mail,Mobile,Shop id,Stage,Born
Ann,Lee,Ann.Lee@Example.com,(415) 555-0100,17,customer,1980-02-29
Bo,Chan,bo@example.com,,18,,
Cy,Dee,,415.555.0199,,retained,
`;

const people = (text: string, overrides: Partial<RunInput> = {}): RunInput => ({
  kind: 'people',
  open: () => [text],
  fileName: 'people.csv',
  mapping: {
    firstName: 'First',
    lastName: 'Last',
    phone: 'Mobile',
    externalId: 'Shop id',
    lifecycleStage: 'Stage',
    birthday: 'Born',
  },
  settings: { source: 'shop' },
  dryRun: false,
  skipBadRows: false,
  ...overrides,
});

describe('reading CSV as a stream', () => {
  it('numbers lines from the header, and names the line of a broken quote deep in the file', async () => {
    const lines = ['a,b', ...Array.from({ length: 700 }, (_, i) => `x${i},"y${i}"`)];
    lines[650] = 'x,"broken "quote" here';
    const readAll = async () => {
      const file = await openCsv([lines.join('\n')]);
      expect(file.columns).toEqual(['a', 'b']);
      for await (const _ of file.records);
    };
    await expect(readAll()).rejects.toMatchObject({
      line: 651,
      message: expect.stringContaining('malformed CSV'),
    });
    const good = await openCsv([lines.slice(0, 650).join('\n')]);
    const seen: number[] = [];
    for await (const r of good.records) seen.push(r.line);
    expect([seen[0], seen.at(-1), seen.length]).toEqual([2, 650, 649]);
  });

  it('quotes what needs quotes, and defuses spreadsheet formulas but not phone numbers', () => {
    expect(csvLine(['a,b', 'say "hi"', '=1+1', '+14155550100', null, 3])).toBe(
      '"a,b","say ""hi""",\'=1+1,+14155550100,,3\n',
    );
  });
});

describeEachDatabase('importing people and interactions', (kind) => {
  let database: TestDatabase;
  let workspaceId: string;
  const count = async (table: string) => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
      where workspace_id = ${workspaceId}`.execute(database.db);
    return rows[0]?.n ?? 0;
  };
  const run = (input: RunInput, bad: BadRow[] = []) =>
    runImport(database.db, SYSTEM_PRINCIPAL(workspaceId), input, { onBadRow: (b) => void bad.push(b) });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    workspaceId = (await createWorkspace(database.db, { slug: 'shop', name: 'Shop' })).id;
  });
  afterAll(() => database.close());

  it('a dry run checks every line and writes nothing', async () => {
    const summary = await run(people(PEOPLE, { dryRun: true }));
    expect(summary).toMatchObject({ rows: 3, badRows: 0, loaded: false, dryRun: true });
    expect([await count('people'), await count('identities'), await count('imports')]).toEqual([0, 0, 0]);
  });

  it('maps columns (and finds columns named like a key), creates people, then a second file updates them by identity', async () => {
    const first = await run(people(PEOPLE));
    expect(first).toMatchObject({ rows: 3, loaded: true, counts: { created: 3, updated: 0, rejected: 0 } });
    const { rows } = await sql<{
      display_name: string;
      lifecycle_stage: string;
      birthday: string | null;
      ids: string;
    }>`
      select p.display_name, p.lifecycle_stage, to_char(p.birthday, 'YYYY-MM-DD') as birthday,
        string_agg(i.kind || ':' || i.value, ' ' order by i.kind, i.value) as ids
      from people p join identities i on i.workspace_id = p.workspace_id and i.person_id = p.id
      where p.workspace_id = ${workspaceId} group by p.workspace_id, p.id order by p.display_name`.execute(
      database.db,
    );
    expect(rows).toEqual([
      {
        display_name: 'Ann Lee',
        lifecycle_stage: 'customer',
        birthday: '1980-02-29',
        ids: 'email:ann.lee@example.com external:shop:17 phone:+14155550100',
      },
      {
        display_name: 'Bo Chan',
        lifecycle_stage: 'awareness',
        birthday: null,
        ids: 'email:bo@example.com external:shop:18',
      },
      { display_name: 'Cy Dee', lifecycle_stage: 'retained', birthday: null, ids: 'phone:+14155550199' },
    ]);

    // Matched by phone (Ann), by external id (Bo), and one new person; Ann gets her new email.
    const second = `phone,shop id,email,first name,city,lifecycle stage
+1 415 555 0100,,ann@work.example.com,Annie,Boston,retained
,18,,,Paris,
,,dee@example.com,Dee,,
`;
    const update = await run(
      people(second, {
        mapping: { externalId: 'shop id', firstName: 'first name', lifecycleStage: 'lifecycle stage' },
      }),
    );
    expect(update.counts).toEqual({ created: 1, updated: 2, rejected: 0 });
    const ann = await sql<{
      display_name: string;
      given_name: string;
      family_name: string;
      lifecycle_stage: string;
      city: string;
      ids: string;
    }>`
      select p.display_name, p.given_name, p.family_name, p.lifecycle_stage, p.address->>'city' as city,
        (select string_agg(i.value, ' ' order by i.value) from identities i
          where i.workspace_id = p.workspace_id and i.person_id = p.id and i.kind = 'email') as ids
      from people p where p.workspace_id = ${workspaceId} and p.family_name = 'Lee'`.execute(database.db);
    expect(ann.rows).toEqual([
      {
        display_name: 'Annie Lee',
        given_name: 'Annie',
        family_name: 'Lee',
        lifecycle_stage: 'retained',
        city: 'Boston',
        ids: 'ann.lee@example.com ann@work.example.com',
      },
    ]);
    const stages = await sql<{ from_stage: string | null; to_stage: string }>`
      select c.from_stage, c.to_stage from lifecycle_changes c join people p
        on p.workspace_id = c.workspace_id and p.id = c.person_id
      where c.workspace_id = ${workspaceId} and p.family_name = 'Lee' order by c.id`.execute(database.db);
    expect(stages.rows.at(-1)).toEqual({ from_stage: 'customer', to_stage: 'retained' });
    expect(await count('people')).toBe(4);
    const audit = await sql<{ object_type: string; n: number }>`
      select object_type, count(*)::int as n from audit_log where workspace_id = ${workspaceId}
        and object_type = 'people_imports' group by object_type`.execute(database.db);
    expect(audit.rows).toEqual([{ object_type: 'people_imports', n: 2 }]);
    // Each person a line changed has its own entry, with the fields that changed.
    const updates = await sql<{ changes: Record<string, { before: unknown; after: unknown }> }>`
      select a.changes from audit_log a join people p on a.object_id = p.id::text
      where a.workspace_id = ${workspaceId} and a.object_type = 'people' and a.action = 'update'
        and p.family_name = 'Lee'`.execute(database.db);
    expect(updates.rows).toHaveLength(1);
    expect(updates.rows[0]?.changes).toEqual({
      given_name: { before: 'Ann', after: 'Annie' },
      display_name: { before: 'Ann Lee', after: 'Annie Lee' },
      lifecycle_stage: { before: 'customer', after: 'retained' },
      address: { before: null, after: { city: 'Boston' } },
    });
  });

  it('refuses, line by line, to change people the importer may not update, and loads the rest', async () => {
    await run(
      people('First,E-mail\nOwned,owned@example.com\n', { mapping: { firstName: 'First' }, settings: {} }),
    );
    // A role that may update only its own people; the person above has no owner.
    const ownOnly = {
      ...SYSTEM_PRINCIPAL(workspaceId),
      roleName: 'own-only',
      grants: { people: { read: 'all', create: 'all', update: 'own', delete: 'none' } },
    } as const;
    const bad: BadRow[] = [];
    const summary = await runImport(
      database.db,
      ownOnly,
      people('First,E-mail\nChanged,OWNED@example.com\nFresh,fresh@example.com\n', {
        mapping: { firstName: 'First' },
        settings: {},
      }),
      { onBadRow: (b) => void bad.push(b) },
    );
    expect(summary.counts).toMatchObject({ created: 1, updated: 0, rejected: 1 });
    expect(bad.map(({ line, field, reason }) => ({ line, field, reason }))).toEqual([
      {
        line: 2,
        field: 'identifiers',
        reason: 'email belongs to a person your role (own-only) may not update',
      },
    ]);
    const { rows } = await sql<{ given_name: string }>`
      select p.given_name from people p join identities i on i.workspace_id = p.workspace_id and i.person_id = p.id
      where p.workspace_id = ${workspaceId} and i.value in ('owned@example.com', 'fresh@example.com')
      order by i.value`.execute(database.db);
    expect(rows.map((r) => r.given_name)).toEqual(['Fresh', 'Owned']);
  });

  it('names the line and column of each bad line, loads nothing, unless told to skip them', async () => {
    const text = `email,phone,lifecycleStage,birthday,extra
ok1@example.com,,,,
not-an-email,,,,
ok2@example.com,12,,,
ok3@example.com,,lead,,
ok4@example.com,,,1850-01-01,
ok5@example.com,,,,,
,,,,
ok6@example.com,,,,
`;
    const before = await count('people');
    const bad: BadRow[] = [];
    const refused = await run(people(text, { mapping: {}, settings: {} }), bad);
    expect(refused).toMatchObject({ rows: 8, badRows: 6, loaded: false });
    expect(bad.map((b) => [b.line, b.field])).toEqual([
      [3, 'email (email)'],
      [4, 'phone (phone)'],
      [5, 'lifecycleStage (lifecycleStage)'],
      [6, 'birthday (birthday)'],
      [7, 'line'],
      [8, 'line'],
    ]);
    expect(bad[3]?.reason).toContain('"1850-01-01"');
    expect(bad[4]?.reason).toBe('has 6 values, the header has 5 columns');
    expect(await count('people')).toBe(before);
    const skipped = await run(people(text, { mapping: {}, settings: {}, skipBadRows: true }));
    expect(skipped).toMatchObject({ loaded: true, badRows: 6, counts: { created: 2 } });
    expect(await count('people')).toBe(before + 2);
  });

  it('names a line with a NUL character or bytes that are not UTF-8 as bad, and loads the rest when told', async () => {
    const before = await count('people');
    // Line 4 holds a byte that is not UTF-8 (0xff): read as text it would become U+FFFD without a word.
    const bytes = Buffer.from(
      'email,name\nnul1@example.com,Ann\nnul2@example.com,B\u0000b\nnul3@example.com,C?c\n',
    );
    bytes[bytes.lastIndexOf('?')] = 0xff;
    const file = (overrides: Partial<RunInput>) => ({
      ...people('', { mapping: {}, settings: {}, ...overrides }),
      open: () => [bytes.subarray(0, 40), bytes.subarray(40)],
    });
    const bad: BadRow[] = [];
    expect(await run(file({}), bad)).toMatchObject({ rows: 3, badRows: 2, loaded: false });
    expect(bad).toEqual([
      { line: 3, field: 'name', reason: 'must not contain a NUL character (U+0000)' },
      { line: 4, field: 'name', reason: 'is not UTF-8 text' },
    ]);
    expect(await count('people')).toBe(before);
    expect(await run(file({ skipBadRows: true }))).toMatchObject({ loaded: true, counts: { created: 1 } });
    expect(await count('people')).toBe(before + 1);
  });

  it('a file with a broken quote deep inside loads nothing and names the line', async () => {
    const lines = ['email', ...Array.from({ length: 3000 }, (_, i) => `q${i}@example.com`)];
    lines[2500] = '"q2500@example.com';
    const before = await count('people');
    await expect(
      run(people(`${lines.join('\n')}\n`, { mapping: {}, settings: {}, skipBadRows: true })),
    ).rejects.toMatchObject({
      line: expect.any(Number),
      message: expect.stringContaining('malformed CSV'),
    });
    expect(await count('people')).toBe(before);
  });

  it('resumes an interrupted run after its last committed chunk, with exact counts', async () => {
    const text = `email,name\n${Array.from({ length: 250 }, (_, i) => `r${i}@example.com,R ${i}`).join('\n')}\n`;
    const input = people(text, { mapping: { displayName: 'name' }, settings: {}, chunkSize: 100 });
    let chunks = 0;
    await expect(
      runImport(database.db, SYSTEM_PRINCIPAL(workspaceId), input, {
        onCheckpoint: () => {
          chunks++;
          if (chunks === 1) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const before = await count('people');
    const resumed = await run(input);
    expect(resumed).toMatchObject({
      resumedAfterLine: 101,
      loaded: true,
      counts: { created: 250, updated: 0 },
    });
    expect((await count('people')) - before).toBe(150);
    const again = await run(input);
    expect(again).toMatchObject({ alreadyImported: true, counts: { created: 250 } });
  });

  it('imports interactions with identity resolution; bad channels and absurd times are line errors; keys make a re-run a no-op', async () => {
    const text = `when,channel,kind,email,phone,note
2025-01-02T10:00:00Z,phone,call,ann.lee@example.com,,first call
2025-01-03 09:30,web,page_view,zed@example.com,,
2025-01-04T10:00:00Z,pigeon,message,zed@example.com,,
1890-01-01,web,visit,zed@example.com,,
2999-01-01,web,visit,zed@example.com,,
2025-01-05,email,message,,not a phone,
`;
    const input: RunInput = {
      kind: 'interactions',
      open: () => [text],
      fileName: 'touches.csv',
      mapping: { occurredAt: 'when', type: 'kind', summary: 'note' },
      settings: {},
      dryRun: false,
      skipBadRows: true,
    };
    const bad: BadRow[] = [];
    const first = await run(input, bad);
    expect(bad.map((b) => [b.line, b.field])).toEqual([
      [4, 'channel (channel)'],
      [5, 'when (occurredAt)'],
      [6, 'when (occurredAt)'],
      [7, 'phone (phone)'],
    ]);
    expect(bad[1]?.reason).toContain('before 1970');
    expect(bad[2]?.reason).toContain('future');
    expect(first.counts).toEqual({ created: 2, duplicate: 0, rejected: 0 });
    const { rows } = await sql<{ type: string; name: string }>`
      select i.type, p.display_name as name from interactions i join people p
        on p.workspace_id = i.workspace_id and p.id = i.person_id
      where i.workspace_id = ${workspaceId} order by i.occurred_at`.execute(database.db);
    expect(rows).toEqual([
      { type: 'call', name: 'Annie Lee' },
      { type: 'page_view', name: 'zed@example.com' },
    ]);
    const again = await run({ ...input, again: true });
    expect(again.counts).toEqual({ created: 0, duplicate: 2, rejected: 0 });
    expect(await count('interactions')).toBe(2);
  });
});
