/** The demo data `rapport serve` loads into a new database, and `rapport seed` at larger sizes. */
export {
  DEMO_LOGIN,
  DEMO_USERS,
  isDatabaseEmpty,
  type SeedOptions,
  type SeedResult,
  seedWorkspace,
} from './seed';
export * from './generator/index';
