import { type Static, Type } from 'typebox';
import { DateTime, Enum, Items, Nullable, Strict, Uuid } from '../platform/index';
import { NOTE_OBJECTS, TASK_KINDS } from './tables';

/** The request and response shapes of tasks (call-backs, follow-ups, to-dos) and notes. */

const Time = Type.String({ format: 'date-time' });
export const TaskKind = Enum(TASK_KINDS);
export type TaskKind = Static<typeof TaskKind>;
export const TASK_VIEWS = ['overdue', 'today', 'open', 'done'] as const;
export const TaskView = Enum(TASK_VIEWS);
export type TaskView = Static<typeof TaskView>;
export const NoteObject = Enum(NOTE_OBJECTS);
export type NoteObject = Static<typeof NoteObject>;

export const TaskCreate = Type.Object(
  {
    kind: Type.Optional(TaskKind),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    details: Type.Optional(Type.String({ maxLength: 10_000 })),
    dueAt: Time,
    assigneeId: Type.Optional(Uuid),
    personId: Type.Optional(Uuid),
    accountId: Type.Optional(Uuid),
  },
  Strict,
);
export type TaskCreate = Static<typeof TaskCreate>;

export const TasksQuery = Type.Object(
  {
    view: Type.Optional(TaskView),
    assigneeId: Type.Optional(Uuid),
    personId: Type.Optional(Uuid),
    timeZone: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  Strict,
);

export const TaskUpdate = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    details: Type.Optional(Nullable(Type.String({ maxLength: 10_000 }))),
    dueAt: Type.Optional(Time),
    assigneeId: Type.Optional(Uuid),
    done: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type TaskUpdate = Static<typeof TaskUpdate>;

export const Task = Type.Object({
  id: Uuid,
  kind: TaskKind,
  title: Type.String(),
  details: Nullable(Type.String()),
  dueAt: DateTime,
  assigneeId: Uuid,
  personId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  done: Type.Boolean(),
  doneAt: Nullable(DateTime),
  createdAt: DateTime,
});
export type Task = Static<typeof Task>;
export const Tasks = Items(Task);

export const NoteCreate = Type.Object(
  { objectType: NoteObject, objectId: Uuid, body: Type.String({ minLength: 1, maxLength: 20_000 }) },
  Strict,
);
export type NoteCreate = Static<typeof NoteCreate>;
export const NotesQuery = Type.Object(
  {
    objectType: NoteObject,
    objectId: Uuid,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  Strict,
);
export const Note = Type.Object({
  id: Uuid,
  objectType: NoteObject,
  objectId: Uuid,
  body: Type.String(),
  authorId: Nullable(Uuid),
  createdAt: DateTime,
});
export type Note = Static<typeof Note>;
export const Notes = Items(Note, 'Newest first');
