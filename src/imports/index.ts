/**
 * Imports and exports: one pipeline for every kind of file (people, interactions, orders, products,
 * accounts; CLI and API job), streaming, with a column mapping, dry runs that count what would
 * change, per-line errors and checkpoints to resume; lists as CSV. Each kind writes through the
 * owning slice's bulk functions. Also the CSV reading helpers.
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
export { ACCOUNT_KEY_HELP, ACCOUNT_KEYS } from './accounts';
export { FILE_FORMATS, type FileFormat } from './csv/records';
export { INTERACTION_KEY_HELP, INTERACTION_KEYS } from './interactions-rows';
export { IMPORT_KINDS, type ImportKindName, type ImportSettings } from './kind';
export { NEW_PRODUCTS, ORDER_STATUSES } from './orders-load';
export { GENERIC_SKU, ORDER_KEY_HELP, ORDER_KEYS } from './orders-rows';
export { PEOPLE_KEY_HELP, PEOPLE_KEYS } from './people-rows';
export { PRESET_NAMES, PRESETS } from './presets';
export { PRODUCT_KEY_HELP, PRODUCT_KEYS } from './products';
export { registerImportRoutes as registerRoutes } from './routes';
export { type ImportSummary, KINDS, type Progress, type RunInput, runImport } from './run';
export { getImport, IMPORT_JOB, type ImportView, importJob, importJobHandlers, startImport } from './service';
