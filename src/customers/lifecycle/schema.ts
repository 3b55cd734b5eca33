import { type Static, Type } from 'typebox';
import { DateTime, Day, Nullable, Strict, Uuid } from '../../platform/index';
import { LifecycleStage } from '../people/schema';

/** The response shapes of the lifecycle routes; durations in seconds. */

export const LifecycleHistory = Type.Object({
  personId: Uuid,
  stage: LifecycleStage,
  history: Type.Array(
    Type.Object({
      stage: LifecycleStage,
      from: Nullable(LifecycleStage),
      enteredAt: DateTime,
      leftAt: Nullable(DateTime),
      seconds: Type.Number(),
      changedBy: Nullable(Uuid),
    }),
    { description: 'Every stay, oldest first; the last is the current stage (leftAt null)' },
  ),
  timeInStage: Type.Partial(Type.Record(LifecycleStage, Type.Number()), {
    description: 'Total seconds per stage the person has been in',
  }),
});
export type LifecycleHistory = Static<typeof LifecycleHistory>;

/** A time, or a day (its start, UTC). */
const When = Type.Union([Type.String({ format: 'date-time' }), Day]);
export const FunnelQuery = Type.Object({ from: Type.Optional(When), to: Type.Optional(When) }, Strict);

export const StageFunnel = Type.Object({
  stage: LifecycleStage,
  entered: Type.Integer({ description: 'Entries into the stage in the period' }),
  exited: Type.Integer({ description: 'Of those, how many have moved on since' }),
  stillIn: Type.Integer(),
  medianSeconds: Nullable(Type.Number()),
  meanSeconds: Nullable(Type.Number()),
  conversions: Type.Array(Type.Object({ to: LifecycleStage, count: Type.Integer(), rate: Type.Number() }), {
    description: 'Where the entries went next, most first',
  }),
  advanceRate: Nullable(Type.Number()),
});
export type StageFunnel = Static<typeof StageFunnel>;

export const Funnel = Type.Object({ from: DateTime, to: DateTime, stages: Type.Array(StageFunnel) });
export type Funnel = Static<typeof Funnel>;
