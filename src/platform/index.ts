export {
  type AuditEntry,
  type AuditRecord,
  diffFields,
  listAudit,
  recordAudit,
  recordAuditBatch,
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
export { actorOf, type Api, ErrorBody, IdParams, type RouteDeps, secureCookies, Uuid } from './http';
export { enqueueJob, getJob, type Job, type JobHandler, JobRunner, listJobs } from './jobs';
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
export { createUser, getUser, listUsers, updateUser, type User } from './users';
export {
  createWorkspace,
  findWorkspaceBySlug,
  getWorkspace,
  type Workspace,
  workspaceRegion,
} from './workspaces';
export { DEVICE_COOKIE, registerPlatformRoutes as registerRoutes, SESSION_COOKIE } from './routes';
export type { PlatformTables } from './tables';
