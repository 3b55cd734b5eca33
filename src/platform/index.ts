export { type AuditRecord, listAudit, recordAudit } from './audit';
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
export { AppError, type ErrorCode, HTTP_STATUS_BY_CODE, invalid, notFound } from './errors';
export { enqueueJob, getJob, type Job, type JobHandler, JobRunner, listJobs } from './jobs';
export {
  authorize,
  BUILT_IN_ROLES,
  isAllowed,
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
