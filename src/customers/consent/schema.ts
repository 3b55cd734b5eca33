import { type Static, Type } from 'typebox';
import { DateTime, Enum, Nullable, Strict, Uuid } from '../../platform/index';
import { CONSENT_CHANNELS, CONSENT_PURPOSES } from './consent';

/** The request and response shapes of the consent routes. */

export const ConsentChannel = Enum(CONSENT_CHANNELS);
export type ConsentChannel = Static<typeof ConsentChannel>;
export const ConsentPurpose = Enum(CONSENT_PURPOSES);
export type ConsentPurpose = Static<typeof ConsentPurpose>;
export const ConsentState = Enum(['granted', 'withdrawn']);
export type ConsentState = Static<typeof ConsentState>;

export const ConsentInput = Type.Object(
  {
    channel: ConsentChannel,
    purpose: ConsentPurpose,
    state: ConsentState,
    source: Type.String({ minLength: 1, maxLength: 200 }),
    proof: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  Strict,
);
export type ConsentInput = Static<typeof ConsentInput>;

export const ConsentEvent = Type.Object({
  id: Type.Integer(),
  channel: ConsentChannel,
  purpose: ConsentPurpose,
  state: ConsentState,
  source: Type.String(),
  proof: Nullable(Type.String()),
  recordedAt: DateTime,
  recordedBy: Nullable(Uuid),
});
export type ConsentEvent = Static<typeof ConsentEvent>;

export const Consents = Type.Object({
  current: Type.Array(ConsentEvent, {
    description: 'The latest event per channel and purpose; absent means never asked (no consent)',
  }),
  history: Type.Array(ConsentEvent),
});
export type Consents = Static<typeof Consents>;
