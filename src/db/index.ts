/**
 * The database floor: connections (embedded PGlite or a PostgreSQL server), migrations and function
 * files, tenant transactions with row-level security, LISTEN on a server, bulk loading and parameter helpers.
 */
export { arrayLiteral, arrayParam, bracketed } from './array-param';
export { BackendCpu } from './backend-cpu';
export { copyRows, copyStatement, encodeRow, encodeValue } from './bulk';
export {
  type Database,
  type DatabaseKind,
  type DatabaseTarget,
  type Db,
  databaseTarget,
  openDatabase,
} from './connection';
export { DataDirLockedError } from './data-dir-lock';
export { maintainTables, type MaintenanceDone, startEmbeddedMaintenance } from './maintenance';
export type { FunctionFile } from './functions';
export {
  listFunctions,
  listMigrations,
  type MigrateOptions,
  type MigrationFile,
  MigrationError,
  type MigrationResult,
  migrate,
  readSchemaVersion,
} from './migrate';
export {
  type ListenOptions,
  listenForNotifications,
  type NotificationHandlers,
  type NotificationListener,
} from './notifications';
export { opaqueUuid } from './opaque';
export {
  adminQuery,
  createServerDatabase,
  databaseUrl,
  openScratchDatabase,
  type ServerDatabase,
} from './scratch-database';
export { TENANT_ROLE, type Tx, withSystem, withTenant, withTenantRetrying } from './tenant';
export { type BulkColumn, timeOrderedId, unnestInsert } from './unnest';
