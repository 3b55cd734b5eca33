import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../db/index';
import type { Tx } from '../db/index';
import type { CustomersTables } from '../customers/index';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const TASK_KINDS = ['call_back', 'follow_up', 'to_do'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const NOTE_OBJECTS = ['people', 'accounts', 'orders', 'tasks', 'interactions'] as const;
export type NoteObject = (typeof NOTE_OBJECTS)[number];

export type TasksTable = {
  workspace_id: string;
  id: Generated<string>;
  kind: TaskKind;
  title: string;
  details: string | null;
  due_at: Timestamp;
  assignee_id: string;
  team_id: string | null;
  person_id: string | null;
  account_id: string | null;
  done_at: Timestamp | null;
  done_by: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

/** The column that holds a note's record, by the record's kind (exactly one is set). */
export const NOTE_TARGET_COLUMN = {
  people: 'person_id',
  accounts: 'account_id',
  orders: 'order_id',
  tasks: 'task_id',
  interactions: 'interaction_id',
} as const satisfies Record<NoteObject, string>;

export type NotesTable = {
  workspace_id: string;
  id: Generated<string>;
  object_type: NoteObject;
  /** The set target column's value (generated). */
  object_id: ColumnType<string, never, never>;
  person_id: string | null;
  account_id: string | null;
  order_id: string | null;
  task_id: string | null;
  interaction_id: string | null;
  body: string;
  author_id: string | null;
  created_at: Timestamp;
};

export type TaskTables = CustomersTables & { tasks: TasksTable; notes: NotesTable };

export const taskTables = (db: Db | Tx) => db.withTables<TaskTables>();
