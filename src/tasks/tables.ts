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

export type NotesTable = {
  workspace_id: string;
  id: Generated<string>;
  object_type: NoteObject;
  object_id: string;
  body: string;
  author_id: string | null;
  created_at: Timestamp;
};

export type TaskTables = CustomersTables & { tasks: TasksTable; notes: NotesTable };

export const taskTables = (db: Db | Tx) => db.withTables<TaskTables>();
