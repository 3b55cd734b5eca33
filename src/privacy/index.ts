export { ERASED_NAME, erasePerson } from './erase';
export { exportPerson } from './export';
export { registerPrivacyRoutes as registerRoutes } from './routes';
export { tablesReferencingPeople } from './person-tables';
// The API's response shapes (the web app's types).
export type { ErasureReport, PersonExport } from './schema';
