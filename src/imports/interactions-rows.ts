import { BadCell, checkLine } from './bad-cell';
import { createHash } from 'node:crypto';
import { type IdentityKind, normaliseIdentity } from '../customers/index';
import { CHANNELS, DIRECTIONS, type InteractionInput } from '../interactions/index';
import { FileFormatError } from './csv/errors';
import { type ColumnMapping, looseName, resolveColumns } from './csv/mapping';
import type { CsvRecord } from './csv/stream';
import { dateParser, parseInteger } from './csv/values';
import type { Checked, ReadSettings, RowReader } from './kind';

/** What an interactions file can say, each from one column. */
export const INTERACTION_KEYS = [
  'id',
  'occurredAt',
  'channel',
  'type',
  'direction',
  'email',
  'phone',
  'externalId',
  'deviceId',
  'social',
  'name',
  'personId',
  'durationSeconds',
  'agent',
  'subject',
  'summary',
  'body',
] as const;
export type InteractionKey = (typeof INTERACTION_KEYS)[number];

export const INTERACTION_KEY_HELP: Record<InteractionKey, string> = {
  id: 'the row id in the source system: with --source, the idempotency key (default: file and line)',
  occurredAt: 'when it happened (required), read with --date-format; times without a zone are UTC',
  channel: `${CHANNELS.join(', ')} (or --channel for all rows)`,
  type: 'visit, page_view, call, message, purchase, complaint, ... (or --type)',
  direction: 'inbound or outbound (default inbound, or --direction)',
  email: 'customer email (an identifier)',
  phone: 'customer phone (an identifier)',
  externalId: 'customer id in another system, source:id or a bare id with --source (an identifier)',
  deviceId: 'web visitor or device id (an identifier)',
  social: 'social handle (an identifier)',
  name: 'customer name, for a person created from the identifiers',
  personId: 'a Rapport person id (instead of identifiers)',
  durationSeconds: 'whole seconds',
  agent: 'user id or email of the agent',
  subject: 'subject line',
  summary: 'short summary',
  body: 'full text',
};

const IDENTIFIER_KEYS = ['email', 'phone', 'externalId', 'deviceId', 'social'] as const;
const KIND_OF: Record<(typeof IDENTIFIER_KEYS)[number], IdentityKind> = {
  email: 'email',
  phone: 'phone',
  externalId: 'external',
  deviceId: 'device',
  social: 'social',
};
const CHANNEL_SET = new Set<string>(CHANNELS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMITS: Partial<Record<InteractionKey, number>> = {
  type: 50,
  subject: 500,
  summary: 5_000,
  body: 100_000,
  name: 400,
  agent: 320,
};
const EARLIEST = Date.UTC(1970, 0, 1);
/** How far ahead of the clock a time may be (as the ingest API allows). */
const FUTURE_SKEW_MS = 24 * 3600 * 1000;

/** A channel or direction setting that is not one (checked at submit, and again by the reader). */
export function settingsProblem(settings: ReadSettings): { setting: string; reason: string } | undefined {
  for (const [setting, value, allowed] of [
    ['channel', settings.channel, CHANNELS],
    ['direction', settings.direction, DIRECTIONS],
  ] as const) {
    if (value !== undefined && !(allowed as readonly string[]).includes(value))
      return { setting, reason: `one of ${allowed.join(', ')}` };
  }
  return undefined;
}

export interface InteractionRowInput {
  line: number;
  input: InteractionInput & { idempotencyKey: string };
}

const OK = { ok: true } as const;

class Bad extends BadCell<InteractionKey> {}

/**
 * Checks the lines of an interactions file without the database: a known channel and direction,
 * a type, a time that is a real date from 1970 to a day ahead, identifiers that normalise (or a
 * person id), a whole number of seconds, texts within the ingest API's limits. Each line gets an
 * idempotency key (`<source>:<id>` from the id column, else the file's hash and the line number), so
 * loading the same rows twice never makes a second interaction.
 */
export function interactionsReader(
  columns: readonly string[],
  mapping: ColumnMapping<string>,
  settings: ReadSettings,
  region: string,
): RowReader<InteractionRowInput> {
  const resolved = resolveColumns(
    columns,
    mapping as ColumnMapping<InteractionKey>,
    INTERACTION_KEYS,
    looseName,
  );
  const need = (key: InteractionKey, flag?: string) => {
    if (!resolved[key] && !(flag && settings[flag as keyof ReadSettings]))
      throw new FileFormatError(
        `${key}: map the ${key} column${flag ? ` or pass --${flag}` : ''} (columns: ${columns.join(', ')})`,
      );
  };
  need('occurredAt');
  need('channel', 'channel');
  need('type', 'type');
  if (!IDENTIFIER_KEYS.some((k) => resolved[k]) && !resolved.personId)
    throw new FileFormatError(
      `map an identifier column (email, phone, externalId, deviceId, social) or personId (columns: ${columns.join(', ')})`,
    );
  if (resolved.id && !settings.source)
    throw new FileFormatError('id: pass --source too, to name the system the ids come from');
  const bad = settingsProblem(settings);
  if (bad) throw new RangeError(`--${bad.setting}: ${bad.reason}`);
  const index = new Map<InteractionKey, number>();
  for (const key of INTERACTION_KEYS) {
    const column = resolved[key];
    if (column !== undefined) index.set(key, columns.indexOf(column));
  }
  const parseDate = dateParser(settings.dateFormat);
  const width = columns.length;

  const read = (record: CsvRecord, digest: () => string, trusted: boolean): InteractionRowInput => {
    if (record.problem) throw new Bad('line', record.problem);
    if (record.fields.length !== width)
      throw new Bad('line', `has ${record.fields.length} values, the header has ${width} columns`);
    const get = (key: InteractionKey): string | undefined => {
      const i = index.get(key);
      if (i === undefined) return undefined;
      const value = record.fields[i];
      return value === undefined || value === '' ? undefined : value;
    };
    const text = (key: InteractionKey): string | null => {
      const value = get(key);
      if (value === undefined) return null;
      const max = LIMITS[key];
      if (max !== undefined && value.length > max)
        throw new Bad(key, `is longer than ${max.toLocaleString('en-US')} characters`);
      return value;
    };
    const channel = (get('channel') ?? settings.channel)?.toLowerCase();
    if (channel === undefined) throw new Bad('channel', 'is empty');
    if (!CHANNEL_SET.has(channel))
      throw new Bad('channel', `"${channel}" is not one of ${CHANNELS.join(', ')}`);
    const direction = (get('direction') ?? settings.direction ?? 'inbound').toLowerCase();
    if (direction !== 'inbound' && direction !== 'outbound')
      throw new Bad('direction', `"${direction}" is not inbound or outbound`);
    const type = text('type') ?? settings.type;
    if (type === undefined) throw new Bad('type', 'is empty');
    const whenText = get('occurredAt');
    if (whenText === undefined) throw new Bad('occurredAt', 'is empty');
    const when = parseDate(whenText);
    const format = settings.dateFormat ? ` in the format ${settings.dateFormat}` : ' (ISO 8601)';
    if (!when) throw new Bad('occurredAt', `cannot read "${whenText}" as a time${format}`);
    if (when.getTime() < EARLIEST) throw new Bad('occurredAt', `"${whenText}" is before 1970`);
    if (when.getTime() > Date.now() + FUTURE_SKEW_MS)
      throw new Bad('occurredAt', `"${whenText}" is in the future (more than a day ahead)`);
    const identifiers: Record<string, string> = {};
    for (const key of IDENTIFIER_KEYS) {
      let value = get(key);
      if (value === undefined) continue;
      if (key === 'externalId' && settings.source && !value.includes(':'))
        value = `${settings.source}:${value}`;
      const normalised = trusted ? OK : normaliseIdentity(KIND_OF[key], value, region);
      if (!normalised.ok) throw new Bad(key, `"${value}" ${normalised.reason}`);
      identifiers[key] = value;
    }
    const personId = get('personId');
    if (personId !== undefined && !UUID.test(personId))
      throw new Bad('personId', `"${personId}" is not a person id (a UUID)`);
    if (personId === undefined && Object.keys(identifiers).length === 0)
      throw new Bad('line', 'has no identifier and no person id');
    const name = text('name');
    if (name !== null) identifiers.name = name;
    const durationText = get('durationSeconds');
    const duration = durationText === undefined ? null : parseInteger(durationText);
    if (duration === undefined || (duration !== null && (duration < 0 || duration > 31 * 24 * 3600)))
      throw new Bad('durationSeconds', `"${durationText}" is not a whole number of seconds up to 31 days`);
    const agent = text('agent');
    if (agent !== null && !UUID.test(agent) && !agent.includes('@'))
      throw new Bad('agent', `"${agent}" is not a user id or email`);
    const id = get('id');
    return {
      line: record.line,
      input: {
        idempotencyKey: keyOf(
          id === undefined
            ? ['import', digest().slice(0, 32), String(record.line)]
            : [settings.source as string, id],
        ),
        channel: channel as InteractionInput['channel'],
        direction: direction as InteractionInput['direction'],
        type,
        occurredAt: when.toISOString(),
        durationSeconds: duration,
        agent,
        subject: text('subject'),
        summary: text('summary'),
        body: text('body'),
        identifiers: personId === undefined ? identifiers : null,
        personId: personId ?? null,
        metadata: { importLine: record.line },
      },
    };
  };

  return {
    columns: resolved,
    check(record, digest, trusted = false): Checked<InteractionRowInput> {
      return checkLine(resolved, () => read(record, digest, trusted));
    },
  };
}

/** An idempotency key from the parts; a long one is hashed to stay within 200 characters. */
function keyOf(parts: string[]): string {
  const key = parts.join(':');
  if (key.length <= 200) return key;
  return `${parts[0]}:sha256:${createHash('sha256').update(key).digest('hex')}`;
}
