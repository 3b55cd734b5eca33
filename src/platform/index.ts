export {
  type AuditEntry,
  diffFields,
  listAudit,
  recordAudit,
  recordAuditBatch,
} from './audit';
export {
  createApiToken,
  createLoginLimits,
  listApiTokens,
  login,
  logout,
  resolveApiToken,
  resolveSession,
  revokeApiToken,
} from './auth';
export {
  AppError,
  conflict,
  type ErrorCode,
  forbidden,
  HTTP_STATUS_BY_CODE,
  invalid,
  notFound,
} from './errors';
export { actorOf, type Api, ErrorBody, IdParams, type RouteDeps, Uuid } from './http';
export {
  BulkCounts,
  BulkResult,
  bulkResult,
  countItems,
  ItemResult,
  type ItemStatus,
  REJECTION_CODES,
  Rejection,
  type RejectionCode,
} from './bulk';
export {
  CursorPage,
  DateTime,
  Day,
  documentedBody,
  Enum,
  Items,
  JsonObject,
  jsonSerializer,
  ListCount,
  Measure,
  NoContent,
  Nullable,
  Streamed,
  StreamedUpload,
  Strict,
} from './schema-parts';
export { enqueueJob, getJob, type JobHandler, JobRunner, listJobs } from './jobs';
export {
  authorize,
  BUILT_IN_ROLES,
  isAllowed,
  type Level,
  levelFor,
  type ObjectType,
  type Principal,
  SYSTEM_PRINCIPAL,
} from './permissions';
export { createRole, listRoles, updateRoleGrants } from './roles';
export { createTeam, listTeams } from './teams';
export { createUser, getUser, listUsers, updateUser } from './users';
export {
  createWorkspace,
  findWorkspaceBySlug,
  getWorkspace,
  workspaceRegion,
} from './workspaces';
export { registerPlatformRoutes as registerRoutes, SESSION_COOKIE } from './routes';
export { Job } from './schema';
export type {
  Action,
  ApiToken,
  AuditPage,
  AuditQuery,
  AuditRecord,
  Department,
  Grants,
  GrantsUpdate,
  LoginInput,
  NewApiToken,
  PasswordChange,
  PasswordChanged,
  PasswordReset,
  PasswordResetInput,
  Permissions,
  ResetLink,
  ResetLinkInfo,
  Role,
  RoleCreate,
  RoleUpdate,
  Session,
  Team,
  TeamInput,
  User,
  UserCreate,
  UserUpdate,
  Workspace,
} from './schema';
export type { PlatformTables } from './tables';
