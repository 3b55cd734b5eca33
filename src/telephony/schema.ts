import { type Static, Type } from 'typebox';
import { DateTime, Nullable, Streamed, Strict, Uuid } from '../platform/index';

/** The request and response shapes of incoming calls and the live event stream. */

export const IncomingCall = Type.Object(
  {
    from: Type.String({ minLength: 1, maxLength: 50, description: 'Caller number, any format' }),
    to: Type.String({ minLength: 1, maxLength: 50, description: 'Called number' }),
    agent: Type.String({
      minLength: 3,
      maxLength: 320,
      description: 'Email of the user whose phone rings',
    }),
    callId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 150,
        description: 'Phone system call id: retries log once',
      }),
    ),
  },
  Strict,
);
export type IncomingCall = Static<typeof IncomingCall>;

export const CallAnswer = Type.Object({
  personId: Nullable(Uuid, { description: 'The known caller; no person is created for an unknown number' }),
  interactionId: Nullable(Uuid, { description: 'The logged call' }),
  newCaller: Type.Boolean(),
});
export type CallAnswer = Static<typeof CallAnswer>;

/** The data of a `call` event on the live stream: who is calling, for the screen pop. */
export const ScreenPop = Type.Object({
  callId: Nullable(Type.String()),
  interactionId: Nullable(Uuid),
  personId: Nullable(Uuid),
  name: Nullable(Type.String()),
  newCaller: Type.Boolean(),
  segment: Nullable(Type.String({ description: 'RFM segment from the analytics scores' })),
  openItems: Type.Record(Type.String(), Type.Integer(), {
    description: 'Open tasks and cases of the caller, by kind',
  }),
  from: Type.String({ description: 'As the phone system sent it' }),
  fromE164: Nullable(Type.String()),
  to: Type.String(),
  receivedAt: DateTime,
});
export type ScreenPop = Static<typeof ScreenPop>;

/** A live event id (microseconds since the epoch and a count: at most 16 digits, a safe integer). */
const EventId = Type.String({ pattern: '^\\d{1,16}$', description: 'Id of the last event the client saw' });
export const EventsQuery = Type.Object({ lastEventId: Type.Optional(EventId) }, Strict);
export const EventStream = Streamed(
  'text/event-stream: `call` events whose data is a screen pop (callId, interactionId, personId, name, ' +
    'newCaller, segment, openItems, from, fromE164, to, receivedAt), and `ping` (data {}) every 15 s',
);
