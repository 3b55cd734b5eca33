import { BadCell, checkLine } from './bad-cell';
import {
  type IdentityKind,
  LIFECYCLE_STAGES,
  type LifecycleStage,
  normaliseIdentity,
} from '../customers/index';
import { FileFormatError } from './csv/errors';
import { type ColumnMapping, looseName, resolveColumns } from './csv/mapping';
import type { CsvRecord } from './csv/stream';
import { dateParser } from './csv/values';
import type { Checked, ReadSettings, RowReader } from './kind';

/** What a people file can say, each from one column. */
export const PEOPLE_KEYS = [
  'email',
  'phone',
  'externalId',
  'deviceId',
  'social',
  'firstName',
  'lastName',
  'displayName',
  'birthday',
  'language',
  'notes',
  'lifecycleStage',
  'line1',
  'line2',
  'city',
  'region',
  'postcode',
  'country',
] as const;
export type PeopleKey = (typeof PEOPLE_KEYS)[number];

export const PEOPLE_KEY_HELP: Record<PeopleKey, string> = {
  email: 'email address (an identifier)',
  phone: 'phone number in any format; national numbers in the workspace region (an identifier)',
  externalId: 'id in another system, source:id, or a bare id with --source (an identifier)',
  deviceId: 'web visitor or device id (an identifier)',
  social: 'social handle (an identifier)',
  firstName: 'given name',
  lastName: 'family name',
  displayName: 'name shown (default: first and last name, or the first identifier)',
  birthday: 'date of birth, read with --date-format',
  language: 'language tag such as en or pt-BR',
  notes: 'free text',
  lifecycleStage: LIFECYCLE_STAGES.join(', '),
  line1: 'address line 1',
  line2: 'address line 2',
  city: 'city',
  region: 'state or region',
  postcode: 'postal code',
  country: 'two-letter country code',
};

const IDENTIFIER_KEYS = ['email', 'phone', 'externalId', 'deviceId', 'social'] as const;
const KIND_OF: Record<(typeof IDENTIFIER_KEYS)[number], IdentityKind> = {
  email: 'email',
  phone: 'phone',
  externalId: 'external',
  deviceId: 'device',
  social: 'social',
};

export interface PersonRow {
  line: number;
  identifiers: { email?: string; phone?: string; externalId?: string; deviceId?: string; social?: string };
  /** The name a new person gets. */
  name: string | undefined;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  birthday: string | null;
  language: string | null;
  notes: string | null;
  lifecycleStage: LifecycleStage | null;
  address: Record<string, string> | null;
}

const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const STAGES = new Set<string>(LIFECYCLE_STAGES);
const LIMITS: Partial<Record<PeopleKey, number>> = {
  firstName: 200,
  lastName: 200,
  displayName: 400,
  notes: 10_000,
  line1: 200,
  line2: 200,
  city: 100,
  region: 100,
  postcode: 20,
};

const OK = { ok: true } as const;

class Bad extends BadCell<PeopleKey> {}

/**
 * Checks the lines of a people file without the database: every identifier normalised as the
 * workspace will store it (a malformed email or phone is an error naming its column), names and
 * notes within their limits, a birthday that is a real date between 1900 and today, a known
 * lifecycle stage, a language tag, a two-letter country. A line needs at least one identifier:
 * it is how a re-run or a second file finds the same person.
 */
export function peopleReader(
  columns: readonly string[],
  mapping: ColumnMapping<string>,
  settings: ReadSettings,
  region: string,
): RowReader<PersonRow> {
  const resolved = resolveColumns(columns, mapping as ColumnMapping<PeopleKey>, PEOPLE_KEYS, looseName);
  if (!IDENTIFIER_KEYS.some((k) => resolved[k])) {
    throw new FileFormatError(
      `map at least one identifier column: email, phone, externalId, deviceId or social (columns: ${columns.join(', ')})`,
    );
  }
  const index = new Map<PeopleKey, number>();
  for (const key of PEOPLE_KEYS) {
    const column = resolved[key];
    if (column !== undefined) index.set(key, columns.indexOf(column));
  }
  const parseDate = dateParser(settings.dateFormat);
  const width = columns.length;

  const read = (record: CsvRecord, trusted: boolean): PersonRow => {
    if (record.problem) throw new Bad('line', record.problem);
    if (record.fields.length !== width)
      throw new Bad('line', `has ${record.fields.length} values, the header has ${width} columns`);
    const get = (key: PeopleKey): string | undefined => {
      const i = index.get(key);
      if (i === undefined) return undefined;
      const value = record.fields[i];
      return value === undefined || value === '' ? undefined : value;
    };
    const text = (key: PeopleKey): string | null => {
      const value = get(key);
      if (value === undefined) return null;
      const max = LIMITS[key];
      if (max !== undefined && value.length > max) throw new Bad(key, `is longer than ${max} characters`);
      return value;
    };
    const identifiers: PersonRow['identifiers'] = {};
    for (const key of IDENTIFIER_KEYS) {
      let value = get(key);
      if (value === undefined) continue;
      if (key === 'externalId' && settings.source && !value.includes(':'))
        value = `${settings.source}:${value}`;
      const normalised = trusted ? OK : normaliseIdentity(KIND_OF[key], value, region);
      if (!normalised.ok) {
        const hint = key === 'externalId' && !settings.source ? ' (or pass --source for bare ids)' : '';
        throw new Bad(key, `"${value}" ${normalised.reason}${hint}`);
      }
      identifiers[key] = value;
    }
    if (Object.keys(identifiers).length === 0) {
      const mapped = IDENTIFIER_KEYS.filter((k) => resolved[k]).map((k) => resolved[k]);
      throw new Bad('line', `has no identifier (${mapped.join(', ')} are empty)`);
    }
    const firstName = text('firstName');
    const lastName = text('lastName');
    const displayName = text('displayName');
    const birthdayText = get('birthday');
    let birthday: string | null = null;
    if (birthdayText !== undefined) {
      const date = parseDate(birthdayText);
      if (!date || date.getUTCFullYear() < 1900 || date.getTime() > Date.now())
        throw new Bad(
          'birthday',
          `"${birthdayText}" is not a date between 1900 and today${settings.dateFormat ? ` in the format ${settings.dateFormat}` : ' (YYYY-MM-DD)'}`,
        );
      birthday = date.toISOString().slice(0, 10);
    }
    const language = get('language') ?? null;
    if (language !== null && (language.length > 35 || !LANGUAGE.test(language)))
      throw new Bad('language', `"${language}" is not a language tag such as en or pt-BR`);
    const stageText =
      get('lifecycleStage')
        ?.toLowerCase()
        .replace(/[\s-]+/g, '_') ?? null;
    if (stageText !== null && !STAGES.has(stageText))
      throw new Bad(
        'lifecycleStage',
        `"${get('lifecycleStage')}" is not one of ${LIFECYCLE_STAGES.join(', ')}`,
      );
    const address: Record<string, string> = {};
    for (const key of ['line1', 'line2', 'city', 'region', 'postcode'] as const) {
      const value = text(key);
      if (value !== null) address[key] = value;
    }
    const country = get('country')?.toUpperCase();
    if (country !== undefined) {
      if (!/^[A-Z]{2}$/.test(country))
        throw new Bad('country', `"${get('country')}" is not a two-letter country code`);
      address.country = country;
    }
    const fromParts = [firstName, lastName].filter(Boolean).join(' ');
    return {
      line: record.line,
      identifiers,
      name: displayName ?? (fromParts || undefined),
      firstName,
      lastName,
      displayName,
      birthday,
      language,
      notes: text('notes'),
      lifecycleStage: stageText as LifecycleStage | null,
      address: Object.keys(address).length > 0 ? address : null,
    };
  };

  return {
    columns: resolved,
    check(record, _digest, trusted = false): Checked<PersonRow> {
      return checkLine(resolved, () => read(record, trusted));
    },
  };
}
