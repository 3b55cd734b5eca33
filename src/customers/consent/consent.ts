import { sql } from 'kysely';
import type { Db } from '../../db/index';
import { type Tx, withTenant } from '../../db/index';
import { recordAudit } from '../../platform/index';
import { authorize, type Principal } from '../../platform/index';
import { loadPersonRow } from '../people/person-view';

export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'mail', 'push'] as const;
export const CONSENT_PURPOSES = ['marketing', 'service'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type ConsentState = 'granted' | 'withdrawn';

export interface ConsentEvent {
  id: number;
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  state: ConsentState;
  source: string;
  proof: string | null;
  recordedAt: string;
  recordedBy: string | null;
}

export interface ConsentInput {
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  state: ConsentState;
  source: string;
  proof?: string;
}

export interface Consents {
  /** The latest event per channel and purpose; absent means never asked (no consent). */
  current: ConsentEvent[];
  history: ConsentEvent[];
}

type EventRow = {
  id: number;
  channel: ConsentChannel;
  purpose: ConsentPurpose;
  state: ConsentState;
  source: string;
  proof: string | null;
  recorded_at: Date;
  recorded_by: string | null;
};

/** Records a grant or a withdrawal; it is the state from this moment on. */
export async function recordConsent(
  db: Db,
  actor: Principal,
  personId: string,
  input: ConsentInput,
): Promise<Consents> {
  authorize(actor, 'people', 'update');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const person = await loadPersonRow(trx, actor.workspaceId, personId);
    authorize(actor, 'people', 'update', { ownerId: person.owner_id, ownerTeamId: person.team_id });
    const before = await currentState(trx, actor.workspaceId, personId, input.channel, input.purpose);
    const { rows } = await sql<{ id: number }>`
      insert into consent_events (workspace_id, person_id, channel, purpose, state, source, proof, recorded_by)
      values (${actor.workspaceId}, ${personId}, ${input.channel}, ${input.purpose}, ${input.state},
              ${input.source}, ${input.proof ?? null}, ${actor.via === 'system' ? null : actor.userId})
      returning id`.execute(trx);
    await recordAudit(trx, actor, {
      action: 'update',
      objectType: 'people',
      objectId: personId,
      before: { [`consent.${input.channel}.${input.purpose}`]: before },
      after: { [`consent.${input.channel}.${input.purpose}`]: input.state, consent_event: rows[0]?.id },
    });
    return loadConsents(trx, actor.workspaceId, personId);
  });
}

export async function getConsents(db: Db, actor: Principal, personId: string): Promise<Consents> {
  authorize(actor, 'people', 'read');
  return withTenant(db, actor.workspaceId, async (trx) => {
    const person = await loadPersonRow(trx, actor.workspaceId, personId);
    authorize(actor, 'people', 'read', { ownerId: person.owner_id, ownerTeamId: person.team_id });
    return loadConsents(trx, actor.workspaceId, personId);
  });
}

/** Whether a person may be contacted on a channel for a purpose now: only an explicit, unwithdrawn grant counts. */
export async function hasConsent(
  trx: Tx,
  workspaceId: string,
  personId: string,
  channel: ConsentChannel,
  purpose: ConsentPurpose,
): Promise<boolean> {
  return (await currentState(trx, workspaceId, personId, channel, purpose)) === 'granted';
}

export async function loadConsents(trx: Tx, workspaceId: string, personId: string): Promise<Consents> {
  const { rows } = await sql<EventRow>`
    select id, channel, purpose, state, source, proof, recorded_at, recorded_by from consent_events
    where workspace_id = ${workspaceId} and person_id = ${personId} order by id desc`.execute(trx);
  const history = rows.map(toEvent);
  const seen = new Set<string>();
  const current = history.filter((e) => {
    const key = `${e.channel}/${e.purpose}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { current, history };
}

async function currentState(
  trx: Tx,
  workspaceId: string,
  personId: string,
  channel: ConsentChannel,
  purpose: ConsentPurpose,
): Promise<ConsentState | null> {
  const { rows } = await sql<{ state: ConsentState }>`
    select state from consent_events
    where workspace_id = ${workspaceId} and person_id = ${personId} and channel = ${channel} and purpose = ${purpose}
    order by id desc limit 1`.execute(trx);
  return rows[0]?.state ?? null;
}

function toEvent(r: EventRow): ConsentEvent {
  return {
    id: r.id,
    channel: r.channel,
    purpose: r.purpose,
    state: r.state,
    source: r.source,
    proof: r.proof,
    recordedAt: new Date(r.recorded_at).toISOString(),
    recordedBy: r.recorded_by,
  };
}
