export { ERASED_NAME, erasePerson } from './erase';
export { exportPerson } from './export';
export { registerPrivacyRoutes as registerRoutes } from './routes';
// The API's response shapes (the web app's types).
export type { ErasureReport, PersonExport } from './schema';
