export { GENERIC_SKU } from './build';
export { type ImportOptions, type ImportProgress, type ImportSummary, importOrders } from './import-orders';
export { MAPPING_HELP, MAPPING_KEYS, type Mapping, type MappingKey, parseMapping } from './mapping';
export { PRESETS } from './presets';
export { FileFormatError } from './read';
export type { BadRow } from './rows';
