import { FileFormatError } from './errors';

/** Which file column holds each key (what the file says), e.g. `{ email: 'E-mail' }`. */
export type ColumnMapping<K extends string> = Partial<Record<K, string>>;

/**
 * Parses `key=Column` pairs (several separated by commas, as `--map` takes them) into a mapping;
 * names each unknown key. Throws RangeError.
 */
export function parseMappingPairs<K extends string>(
  text: string,
  keys: readonly K[],
  flag = '--map',
): ColumnMapping<K> {
  const mapping: ColumnMapping<K> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const [key, ...rest] = pair.split('=');
    const column = rest.join('=').trim();
    const name = (key ?? '').trim() as K;
    if (!keys.includes(name))
      throw new RangeError(`${flag}: unknown key "${name}"; keys are ${keys.join(', ')}`);
    if (column === '') throw new RangeError(`${flag}: no column for "${name}"`);
    mapping[name] = column;
  }
  return mapping;
}

/** A mapping given as a JSON object `{"key": "Column", ...}` (a mapping file, or an API parameter). */
export function mappingFromJson<K extends string>(
  value: unknown,
  keys: readonly K[],
  where = 'mapping',
): ColumnMapping<K> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RangeError(`${where}: must be a JSON object like {"email": "E-mail"}`);
  const mapping: ColumnMapping<K> = {};
  for (const [key, column] of Object.entries(value)) {
    if (!keys.includes(key as K))
      throw new RangeError(`${where}: unknown key "${key}"; keys are ${keys.join(', ')}`);
    if (typeof column !== 'string' || column.trim() === '')
      throw new RangeError(`${where}: "${key}" must name a column`);
    mapping[key as K] = column.trim();
  }
  return mapping;
}

/** Column names compared loosely: case, spaces, dashes and underscores ignored ("E-mail" = "email"). */
export const looseName = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
/** Column names compared by case only. */
export const lowerName = (name: string) => name.toLowerCase();

/**
 * The column of each key: as mapped, or else a column named like the key (compared with `same`).
 * Refuses a mapped column the file lacks, naming the file's columns.
 */
export function resolveColumns<K extends string>(
  columns: readonly string[],
  mapping: ColumnMapping<K>,
  keys: readonly K[],
  same: (name: string) => string = lowerName,
): ColumnMapping<K> {
  const resolved: ColumnMapping<K> = {};
  const byName = new Map(columns.map((c) => [same(c), c]));
  for (const key of keys) {
    const wanted = mapping[key];
    if (wanted !== undefined) {
      if (!columns.includes(wanted)) {
        throw new FileFormatError(
          `${key}: no column "${wanted}" in the file (columns: ${columns.join(', ')})`,
        );
      }
      resolved[key] = wanted;
    } else if (byName.has(same(key))) {
      resolved[key] = byName.get(same(key));
    }
  }
  return resolved;
}
