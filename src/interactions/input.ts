import type { Identifiers } from '../customers/index';
import type { RejectionCode } from '../platform/index';
import { parseTime } from '../platform/index';
import { CHANNELS, type Channel, DIRECTIONS, type Direction } from './tables';

/** One interaction as callers send it (HTTP item, or a slice calling `recordInteraction`). */
export interface InteractionInput {
  /** A retry with the same key never makes a second row. Required over HTTP. */
  idempotencyKey?: string;
  channel: Channel;
  /** Default inbound. */
  direction?: Direction;
  /** visit, page_view, call, message, purchase, complaint, inquiry, meeting, ... (free text, 1-50). */
  type: string;
  /** ISO 8601 with a zone (`2026-01-02T10:00:00Z`) or a Date. */
  occurredAt: string | Date;
  durationSeconds?: number | null;
  /** A user id, or a user's email. */
  agent?: string | null;
  subject?: string | null;
  summary?: string | null;
  body?: string | null;
  metadata?: Record<string, unknown> | null;
  /** Ids of related records, e.g. `{ "orderId": "..." }`. */
  links?: Record<string, string> | null;
  /** Finds (or creates) the person; needed unless `personId` is given. */
  identifiers?: Identifiers | null;
  /** Ties the interaction to this person directly; identifiers are then only kept, not resolved. */
  personId?: string | null;
}

/** An input item that passed the checks that need no database. */
export interface CheckedItem {
  key: string | null;
  channel: Channel;
  direction: Direction;
  type: string;
  occurredAt: string;
  durationSeconds: number | null;
  agent: { id: string } | { email: string } | null;
  subject: string | null;
  summary: string | null;
  body: string | null;
  metadata: string;
  links: string;
  identifiers: Identifiers;
  personId: string | null;
}

export interface ItemError {
  code: RejectionCode;
  message: string;
  /** Relative to the item (`channel`, `identifiers.phone`); the answer gives the item's index beside it. */
  field: string;
}

export type Checked = { ok: true; item: CheckedItem } | { ok: false; error: ItemError };

export const LIMITS = {
  idempotencyKey: 200,
  type: 50,
  subject: 500,
  summary: 5_000,
  body: 100_000,
  /** Characters of the metadata object as JSON. */
  metadata: 65_536,
  links: 20,
  linkValue: 200,
  identifier: 320,
  name: 400,
  durationSeconds: 31 * 24 * 3600,
  /** How far ahead of the server clock an occurredAt may be (clock skew between systems). */
  futureSkewMs: 24 * 3600 * 1000,
} as const;

const FIELDS = new Set([
  'idempotencyKey',
  'channel',
  'direction',
  'type',
  'occurredAt',
  'durationSeconds',
  'agent',
  'subject',
  'summary',
  'body',
  'metadata',
  'links',
  'identifiers',
  'personId',
]);
const IDENTIFIER_FIELDS = new Set(['email', 'phone', 'externalId', 'deviceId', 'social', 'name']);
const CHANNEL_SET = new Set<string>(CHANNELS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LINK_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

class Rejection extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const reject = (field: string, reason: string): never => {
  throw new Rejection(field, reason);
};

/**
 * Checks one item without the database: every field's type, range and length; an unknown field,
 * channel or direction; a time before 1970 or more than a day ahead of `now`. Names the field.
 */
export function checkItem(raw: unknown, now: number, keyRequired: boolean, needsPerson = true): Checked {
  try {
    return { ok: true, item: readItem(raw, now, keyRequired, needsPerson) };
  } catch (err) {
    if (!(err instanceof Rejection)) throw err;
    return { ok: false, error: { code: 'validation_failed', message: err.reason, field: err.field } };
  }
}

function readItem(raw: unknown, now: number, keyRequired: boolean, needsPerson: boolean): CheckedItem {
  if (!isObject(raw)) return reject('', 'must be an object');
  for (const name of Object.keys(raw)) if (!FIELDS.has(name)) reject(name, 'unknown field');
  const key = optionalText(raw, 'idempotencyKey', LIMITS.idempotencyKey);
  if (key === null && keyRequired) reject('idempotencyKey', 'is required (a retry with it never duplicates)');
  const channel = raw.channel;
  if (channel === undefined || channel === null) reject('channel', 'is required');
  if (typeof channel !== 'string' || !CHANNEL_SET.has(channel))
    reject('channel', `must be one of ${CHANNELS.join(', ')}`);
  const direction = raw.direction ?? 'inbound';
  if (direction !== 'inbound' && direction !== 'outbound')
    reject('direction', `must be one of ${DIRECTIONS.join(', ')}`);
  const type = optionalText(raw, 'type', LIMITS.type)?.trim();
  if (!type) reject('type', 'is required (e.g. visit, page_view, call, message, purchase)');
  const personId = optionalText(raw, 'personId', 36);
  if (personId !== null && !UUID.test(personId)) reject('personId', 'must be a UUID');
  const identifiers = readIdentifiers(raw.identifiers);
  if (needsPerson && personId === null && !Object.keys(identifiers).some((k) => k !== 'name'))
    reject(
      'identifiers',
      'are required (email, phone, externalId, deviceId or social) unless personId is given',
    );
  return {
    key,
    channel: channel as Channel,
    direction: direction as Direction,
    type: type as string,
    occurredAt: readTime(raw.occurredAt, now),
    durationSeconds: readDuration(raw.durationSeconds),
    agent: readAgent(raw.agent),
    subject: optionalText(raw, 'subject', LIMITS.subject),
    summary: optionalText(raw, 'summary', LIMITS.summary),
    body: optionalText(raw, 'body', LIMITS.body),
    metadata: readMetadata(raw.metadata),
    links: readLinks(raw.links),
    identifiers,
    personId: personId?.toLowerCase() ?? null,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function optionalText(raw: Record<string, unknown>, field: string, max: number): string | null {
  const value = raw[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return reject(field, 'must be a string');
  if (value.length > max) reject(field, `must be at most ${max.toLocaleString('en-US')} characters`);
  return value === '' ? null : value;
}

function readTime(value: unknown, now: number): string {
  if (value === undefined || value === null) return reject('occurredAt', 'is required');
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'string') ms = parseTime(value)?.getTime() ?? Number.NaN;
  else ms = Number.NaN;
  if (Number.isNaN(ms))
    reject('occurredAt', 'must be an ISO 8601 time with a zone and a real date, e.g. 2026-01-02T10:00:00Z');
  if (ms < 0) reject('occurredAt', 'is before 1970');
  if (ms > now + LIMITS.futureSkewMs) reject('occurredAt', 'is in the future (more than a day ahead)');
  return new Date(ms).toISOString();
}

function readDuration(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > LIMITS.durationSeconds)
    reject('durationSeconds', `must be a whole number of seconds from 0 to ${LIMITS.durationSeconds}`);
  return value as number;
}

function readAgent(value: unknown): { id: string } | { email: string } | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > LIMITS.identifier)
    return reject('agent', 'must be a user id or a user email');
  if (UUID.test(value)) return { id: value.toLowerCase() };
  if (value.includes('@')) return { email: value.trim().toLowerCase() };
  return reject('agent', 'must be a user id or a user email');
}

function readMetadata(value: unknown): string {
  if (value === undefined || value === null) return '{}';
  if (!isObject(value)) return reject('metadata', 'must be an object');
  const json = JSON.stringify(value);
  if (json.length > LIMITS.metadata)
    reject('metadata', `must be at most ${LIMITS.metadata.toLocaleString('en-US')} characters as JSON`);
  return json;
}

function readLinks(value: unknown): string {
  if (value === undefined || value === null) return '{}';
  if (!isObject(value)) return reject('links', 'must be an object of record ids, e.g. {"orderId": "..."}');
  const entries = Object.entries(value);
  if (entries.length > LIMITS.links) reject('links', `must have at most ${LIMITS.links} entries`);
  for (const [name, id] of entries) {
    if (!LINK_NAME.test(name)) reject(`links.${name}`, 'must be a name like orderId');
    if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.linkValue)
      reject(`links.${name}`, `must be a record id (a string of 1 to ${LIMITS.linkValue} characters)`);
  }
  return JSON.stringify(value);
}

function readIdentifiers(value: unknown): Identifiers {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) return reject('identifiers', 'must be an object');
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    const field = `identifiers.${name}`;
    if (!IDENTIFIER_FIELDS.has(name)) reject(field, 'unknown identifier');
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') reject(field, 'must be a string');
    const max = name === 'name' ? LIMITS.name : LIMITS.identifier;
    if ((v as string).length > max) reject(field, `must be at most ${max} characters`);
    out[name] = v as string;
  }
  return out;
}
