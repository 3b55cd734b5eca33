import { sql } from 'kysely';
import type { Tx } from '../db/index';
import { mentionsPerson, type PersonTraces } from '../platform/index';

/**
 * The interactions slice's part of a privacy erasure, in the caller's transaction. The person's
 * interactions lose their contents (subject, summary, body, metadata, the identifiers they arrived
 * with, how they were linked) and keep the touch itself (channel, type, direction, time) for the
 * figures. Other people's interactions that also matched the person (their resolution names the
 * person among `alsoMatched`) lose the person's id and identifiers from what they arrived with and
 * matched. Returns the ids of the person's interactions (their audit entries are redacted too).
 */
export async function erasePersonInteractions(
  trx: Tx,
  workspaceId: string,
  traces: PersonTraces,
): Promise<{ erased: string[]; othersRedacted: number }> {
  const { rows } = await sql<{ id: string }>`
    update interactions set subject = null, summary = null, body = null, metadata = '{}'::jsonb,
      identifiers = '{}'::jsonb, resolution = null
    where workspace_id = ${workspaceId} and person_id = ${traces.personId}
    returning id`.execute(trx);
  const mentions = (expr: ReturnType<typeof sql>) => mentionsPerson(traces, expr);
  const others = await sql`
    update interactions i set
      identifiers = coalesce(
        (select jsonb_object_agg(k, v) from jsonb_each(i.identifiers) as e(k, v) where not ${mentions(sql`v #>> '{}'`)}),
        '{}'::jsonb),
      resolution = (
        select jsonb_object_agg(k, case when jsonb_typeof(v) = 'array' then coalesce(
            (select jsonb_agg(x order by n) from jsonb_array_elements(v) with ordinality as a(x, n)
             where not ${mentions(sql`x #>> '{}'`)}),
            '[]'::jsonb) else v end)
        from jsonb_each(i.resolution) as e(k, v))
    where i.workspace_id = ${workspaceId} and i.person_id is distinct from ${traces.personId}
      and i.resolution -> 'alsoMatched' ? ${traces.personId}`.execute(trx);
  return { erased: rows.map((r) => r.id), othersRedacted: Number(others.numAffectedRows ?? 0) };
}
