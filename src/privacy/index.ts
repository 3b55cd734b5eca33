export { ERASED_NAME, type ErasureReport, erasePerson } from './erase';
export { exportPerson, type PersonExport } from './export';
export { registerPrivacyRoutes as registerRoutes } from './routes';
