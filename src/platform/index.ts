export {
  type AuditEntry,
  diffFields,
  listAudit,
  recordAudit,
  recordAuditBatch,
  redactPersonAudit,
} from './audit';
export {
  createApiToken,
  findApiToken,
  listApiTokens,
  logout,
  resolveApiToken,
  type ResolvedSession,
  resolveSession,
  revokeApiToken,
} from './auth';
export { Authenticator, type AuthenticatorOptions } from './authenticator';
export { createLoginLimits, type LoginLimits, login } from './login';
export {
  AppError,
  conflict,
  type ErrorCode,
  forbidden,
  HTTP_STATUS_BY_CODE,
  invalid,
  notFound,
} from './errors';
export {
  calendarDate,
  FIRST_YEAR,
  isDay,
  isTime,
  LAST_YEAR,
  parseDay,
  parseTime,
  readDay,
  readTime,
  type TimeOptions,
} from './dates';
export { actorOf, type Api, ErrorBody, IdParams, type RouteDeps, secureCookies, Uuid } from './http';
export { mentionsPerson, type PersonTraces } from './erasure';
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
export { enqueueJob, getJob, type JobHandler, JobRunner, listJobs, redactJobs } from './jobs';
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
export {
  findInputProblem,
  type InputProblem,
  isPlainObject,
  MAX_JSON_DEPTH,
  shownAsText,
  textProblem,
} from './text';
export { RateLimiter } from './rate-limit';
export { createRole, listRoles, updateRoleGrants } from './roles';
export { createTeam, listTeams } from './teams';
export { createUser, getUser, listUsers, updateUser } from './users';
export {
  createWorkspace,
  findWorkspaceBySlug,
  getWorkspace,
  workspaceRegion,
} from './workspaces';
export { DEVICE_COOKIE, registerPlatformRoutes as registerRoutes, SESSION_COOKIE } from './routes';
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
