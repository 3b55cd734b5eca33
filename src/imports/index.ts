/**
 * Imports and exports: people and interactions from CSV files (CLI and API job), streaming, with a
 * column mapping, upsert by identity, dry runs, per-line errors and checkpoints to resume; lists as
 * CSV. Also the CSV reading helpers other slices' imports share.
 */
export { type BadRow, FileFormatError } from './csv/errors';
export {
  type ColumnMapping,
  looseName,
  lowerName,
  mappingFromJson,
  parseMappingPairs,
  resolveColumns,
} from './csv/mapping';
export { type CsvFile, type CsvRecord, csvLine, openCsv } from './csv/stream';
export { type DateParser, dateParser, isTruthy, parseDecimal, parseInteger } from './csv/values';
export { exportPeopleCsv, exportTimelineCsv, type PeopleFilters } from './export';
export { INTERACTION_KEY_HELP, INTERACTION_KEYS } from './interactions-rows';
export { IMPORT_KINDS, type ImportKindName, type ImportSettings } from './kind';
export { PEOPLE_KEY_HELP, PEOPLE_KEYS } from './people-rows';
export { registerImportRoutes as registerRoutes } from './routes';
export { type ImportSummary, KINDS, type Progress, type RunInput, runImport } from './run';
export { getImport, IMPORT_JOB, importJob, importJobHandlers, startImport } from './service';
// The API's response shapes (the web app's types).
export type { ImportKind, ImportState, ImportView } from './schema';
