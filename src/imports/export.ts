import { listPeople } from '../customers/index';
import type { Db } from '../db/index';
import { getTimeline } from '../interactions/index';
import type { Principal } from '../platform/index';
import { csvLine } from './csv/stream';

/** Rows fetched per page while exporting: memory stays at one page whatever the list's size. */
const PAGE = 1_000;

export type PeopleFilters = Omit<NonNullable<Parameters<typeof listPeople>[2]>, 'cursor' | 'limit'>;

export const PEOPLE_EXPORT_COLUMNS = [
  'id',
  'displayName',
  'firstName',
  'lastName',
  'email',
  'phone',
  'externalId',
  'identities',
  'tags',
  'birthday',
  'language',
  'lifecycleStage',
  'line1',
  'line2',
  'city',
  'region',
  'postcode',
  'country',
  'notes',
  'ownerId',
  'teamId',
  'accountId',
  'createdAt',
  'updatedAt',
] as const;

/**
 * The people `GET /api/people` lists with the same filters (and the caller's read level), as CSV,
 * newest first, a page at a time through the list's cursor. The email, phone and externalId columns
 * hold each person's first identifier of that kind (so the file imports back as it is); `identities`
 * holds all of them as `kind:value`, separated by spaces.
 */
export async function* exportPeopleCsv(
  db: Db,
  actor: Principal,
  filters: PeopleFilters,
): AsyncGenerator<string> {
  let cursor: string | undefined;
  let header = false;
  do {
    const page = await listPeople(db, actor, { ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) });
    let text = header ? '' : csvLine(PEOPLE_EXPORT_COLUMNS);
    header = true;
    for (const p of page.items) {
      const first = (kind: string) => p.identities.find((i) => i.kind === kind)?.value ?? null;
      text += csvLine([
        p.id,
        p.displayName,
        p.firstName,
        p.lastName,
        first('email'),
        first('phone'),
        first('external'),
        p.identities.map((i) => `${i.kind}:${i.value}`).join(' '),
        p.tags.join(' '),
        p.birthday,
        p.language,
        p.lifecycleStage,
        p.address?.line1,
        p.address?.line2,
        p.address?.city,
        p.address?.region,
        p.address?.postcode,
        p.address?.country,
        p.notes,
        p.ownerId,
        p.teamId,
        p.accountId,
        p.createdAt,
        p.updatedAt,
      ]);
    }
    yield text;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export const TIMELINE_EXPORT_COLUMNS = [
  'id',
  'occurredAt',
  'channel',
  'direction',
  'type',
  'durationSeconds',
  'agentId',
  'subject',
  'summary',
  'body',
  'idempotencyKey',
  'createdAt',
] as const;

/** A person's timeline (newest first, the timeline's channel and type filters) as CSV. */
export async function* exportTimelineCsv(
  db: Db,
  actor: Principal,
  personId: string,
  filters: { channel?: string | string[]; type?: string | string[] },
): AsyncGenerator<string> {
  const limit = 200;
  let cursor: string | undefined;
  let header = false;
  do {
    const page = await getTimeline(db, actor, personId, { ...filters, limit, ...(cursor ? { cursor } : {}) });
    let text = header ? '' : csvLine(TIMELINE_EXPORT_COLUMNS);
    header = true;
    for (const i of page.items) {
      text += csvLine([
        i.id,
        i.occurredAt,
        i.channel,
        i.direction,
        i.type,
        i.durationSeconds,
        i.agentId,
        i.subject,
        i.summary,
        i.body,
        i.idempotencyKey,
        i.createdAt,
      ]);
    }
    yield text;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
