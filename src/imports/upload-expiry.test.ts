import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withTenant } from '../db/index';
import { createWorkspace } from '../platform/index';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../testing/db';
import { insertImport, insertUploadPart } from './repository';
import { expireStaleUploads, startUploadExpiry, UPLOAD_EXPIRY_MS } from './upload-expiry';

describeEachDatabase('uploads interrupted by a crash', (kind) => {
  let database: TestDatabase;
  let ws: string;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    ws = (await createWorkspace(database.db, { slug: 'uploads', name: 'Uploads' })).id;
  });
  afterAll(() => database.close());

  /** An upload left in the state a crash leaves it: `uploading`, with a stored part, last written `ageMs` ago. */
  async function upload(ageMs: number): Promise<string> {
    const row = await withTenant(database.db, ws, (trx) =>
      insertImport(trx, ws, {
        kind: 'people',
        fingerprint: '',
        fileName: 'people.csv',
        options: {},
        actor: {},
        state: 'uploading',
        dryRun: false,
        createdBy: null,
      }),
    );
    await insertUploadPart(database.db, ws, row.id, 0, Buffer.from('email\nann@example.com\n'));
    await sql`update imports set updated_at = now() - ${`${ageMs} milliseconds`}::interval where id = ${row.id}`.execute(
      database.db,
    );
    return row.id;
  }
  const state = async (id: string) => {
    const { rows } = await sql<{ state: string; error: string | null; parts: number }>`
      select state, error, (select count(*)::int from import_uploads u where u.import_id = i.id) as parts
      from imports i where id = ${id}`.execute(database.db);
    return rows[0];
  };

  it('fails an upload with no part stored for longer than the expiry, and deletes its parts; a live one stays', async () => {
    const stale = await upload(UPLOAD_EXPIRY_MS + 60_000);
    const live = await upload(60_000);
    expect(await expireStaleUploads(database.db)).toBe(1);
    expect(await state(stale)).toEqual({
      state: 'failed',
      error: expect.stringContaining('interrupted'),
      parts: 0,
    });
    expect(await state(live)).toEqual({ state: 'uploading', error: null, parts: 1 });
    expect(await expireStaleUploads(database.db)).toBe(0);
  });

  it("is part of the server's upkeep: checked at start, then periodically", async () => {
    const stale = await upload(UPLOAD_EXPIRY_MS + 60_000);
    const upkeep = startUploadExpiry(database.db);
    try {
      await expect.poll(async () => (await state(stale))?.state, { timeout: 10_000 }).toBe('failed');
    } finally {
      await upkeep.stop();
    }
  });

  it('each stored part keeps an upload alive', async () => {
    const id = await upload(UPLOAD_EXPIRY_MS + 60_000);
    await insertUploadPart(database.db, ws, id, 1, Buffer.from('bo@example.com\n'));
    expect(await expireStaleUploads(database.db)).toBe(0);
    expect(await state(id)).toMatchObject({ state: 'uploading', parts: 2 });
  });
});
