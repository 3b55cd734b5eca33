import { normaliseIdentity } from '../customers/index';
import type { Db } from '../db/index';
import { withTenant } from '../db/index';
import { recordInteraction } from '../interactions/index';
import { invalid } from '../platform/index';
import { authorize, type Principal } from '../platform/index';
import { findAgentAndRegion, findCaller } from './caller-repository';
import type { LiveEventHub } from './live-events';

/** An incoming-call event from a phone system. */
export interface IncomingCall {
  /** The caller's number, in any format; "anonymous" and other non-numbers make an unknown caller. */
  from: string;
  /** The number called. */
  to: string;
  /** The email of the user whose phone rings. */
  agent: string;
  /** The phone system's id of the call: a retry with the same id never logs the call twice. */
  callId?: string;
}

export interface CallAnswer {
  /** The known caller, or null: no person is created for an unknown number. */
  personId: string | null;
  /** The logged call: on the person's timeline, or kept without a person when the number is unknown. */
  interactionId: string | null;
  newCaller: boolean;
}

/** What the agent's live stream receives as a `call` event. */
export interface ScreenPop {
  callId: string | null;
  interactionId: string | null;
  personId: string | null;
  name: string | null;
  newCaller: boolean;
  /** RFM segment from the analytics scores, when they exist for the person. */
  segment: string | null;
  /** Open tasks and cases of the caller, by kind (only kinds whose tables exist). */
  openItems: Record<string, number>;
  /** The caller's number as the phone system sent it, and in E.164 when it is one. */
  from: string;
  fromE164: string | null;
  to: string;
  receivedAt: string;
}

/**
 * Caller lookup and screen pop: finds the person who owns the calling number exactly, logs the call
 * on their timeline (channel phone, inbound, type call) and, after commit, pushes a `call` event to
 * the agent's live stream: the person's name, segment and open items, or "new caller" with the number.
 */
export async function receiveCall(
  db: Db,
  actor: Principal,
  input: IncomingCall,
  events: LiveEventHub,
): Promise<CallAnswer> {
  authorize(actor, 'interactions', 'create');
  const receivedAt = new Date();
  const { answer, pop, agentId } = await withTenant(db, actor.workspaceId, async (trx) => {
    const { agent, region } = await findAgentAndRegion(trx, actor.workspaceId, input.agent.trim());
    if (!agent) throw invalid('agent', `no active user of this workspace has the email ${input.agent}`);
    const phone = normaliseIdentity('phone', input.from, region);
    const fromE164 = phone.ok ? phone.identity.value : null;
    const caller = fromE164 ? await findCaller(db, trx, actor.workspaceId, fromE164) : undefined;
    // An unknown number is logged too, without a person: the agent decides whether the caller is new.
    const logged = await recordInteraction(
      trx,
      actor,
      {
        idempotencyKey: input.callId ? `call:${input.callId}` : undefined,
        channel: 'phone',
        direction: 'inbound',
        type: 'call',
        occurredAt: receivedAt,
        agent: agent.id,
        personId: caller?.personId ?? null,
        identifiers: { phone: fromE164 ?? input.from },
        summary: `Incoming call from ${input.from} to ${input.to}`,
        metadata: { from: input.from, to: input.to, ...(input.callId && { callId: input.callId }) },
      },
      { keepUnresolved: true },
    );
    const interactionId = logged.id;
    const pop: ScreenPop = {
      callId: input.callId ?? null,
      interactionId,
      personId: caller?.personId ?? null,
      name: caller?.name ?? null,
      newCaller: !caller,
      segment: caller?.segment ?? null,
      openItems: caller?.openItems ?? {},
      from: input.from,
      fromE164,
      to: input.to,
      receivedAt: receivedAt.toISOString(),
    };
    return { answer: { personId: pop.personId, interactionId, newCaller: !caller }, pop, agentId: agent.id };
  });
  await events.publish(actor.workspaceId, agentId, 'call', pop);
  return answer;
}
