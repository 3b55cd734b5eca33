import { type Static, Type } from 'typebox';
import { Moment, Nullable, Page, Strict, Text, Uuid } from '../pipeline/schema';
import { ACTIVITY_KINDS } from '../pipeline/tables';

export const ActivityKind = Type.Enum(ACTIVITY_KINDS);

export const ActivityCreate = Type.Object(
  {
    kind: ActivityKind,
    occurredAt: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now' })),
    channel: Type.Optional(
      Type.Enum(['phone', 'web', 'email', 'store', 'other'], {
        description: 'How it took place; default phone for a call, other for a meeting or demo',
      }),
    ),
    direction: Type.Optional(Type.Enum(['inbound', 'outbound'], { description: 'Default outbound' })),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 * 60 })),
    summary: Type.Optional(Text(5000)),
    outcome: Type.Optional(Text(500)),
    nextStep: Type.Optional(Text(500)),
    task: Type.Optional(
      Type.Object(
        {
          dueAt: Type.String({ format: 'date-time' }),
          title: Type.Optional(Text(300)),
          assigneeId: Type.Optional(Uuid),
        },
        { ...Strict, description: 'Schedules the next step as a task (default title: the next step)' },
      ),
    ),
  },
  Strict,
);
export type ActivityCreate = Static<typeof ActivityCreate>;

export const ActivityView = Type.Object({
  id: Uuid,
  opportunityId: Uuid,
  interactionId: Type.String({ format: 'uuid', description: 'On the customer’s timeline' }),
  kind: ActivityKind,
  occurredAt: Moment,
  outcome: Nullable(Type.String()),
  nextStep: Nullable(Type.String()),
  taskId: Nullable(Uuid),
  ownerId: Nullable(Uuid),
  createdAt: Moment,
});
export type ActivityView = Static<typeof ActivityView>;
export const ActivityPage = Page(ActivityView);
export type ActivityPage = Static<typeof ActivityPage>;
export const ActivityQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
  },
  Strict,
);
export type ActivityQuery = Static<typeof ActivityQuery>;
