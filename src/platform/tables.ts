import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../db/index';
import type { Tx } from '../db/index';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export type WorkspacesTable = {
  id: Generated<string>;
  slug: string;
  name: string;
  default_region: Generated<string>;
  created_at: Timestamp;
};

export type TeamsTable = {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  created_at: Timestamp;
};

export type RolesTable = {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  built_in: Generated<boolean>;
  created_at: Timestamp;
};

export type RoleGrantsTable = {
  workspace_id: string;
  role_id: string;
  object_type: string;
  action: string;
  level: string;
};

export type UsersTable = {
  workspace_id: string;
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  role_id: string;
  team_id: string | null;
  department: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SessionsTable = {
  workspace_id: string;
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
};

export type ApiTokensTable = {
  workspace_id: string;
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
};

export type PasswordResetsTable = {
  workspace_id: string;
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: Timestamp | null;
};

export type AuditLogTable = {
  workspace_id: string;
  id: Generated<number>;
  at: Timestamp;
  actor_user_id: string | null;
  actor_kind: 'user' | 'token' | 'system';
  action: 'create' | 'update' | 'delete' | 'merge';
  object_type: string;
  object_id: string;
  changes: Json<Record<string, { before: unknown; after: unknown }>>;
  request_id: string | null;
};

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type JobsTable = {
  workspace_id: string;
  id: Generated<string>;
  kind: string;
  state: Generated<JobState>;
  payload: Json<Record<string, unknown>>;
  result: Json<unknown> | null;
  error: string | null;
  progress_done: Generated<number>;
  progress_total: number | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_after: Timestamp;
  locked_by: string | null;
  locked_until: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
};

export type PlatformTables = {
  workspaces: WorkspacesTable;
  teams: TeamsTable;
  roles: RolesTable;
  role_grants: RoleGrantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_resets: PasswordResetsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
};

export const platform = (db: Db | Tx) => db.withTables<PlatformTables>();
