import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export const IDENTITY_KINDS = ['email', 'phone', 'external', 'device', 'social'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface NormalisedIdentity {
  kind: IdentityKind;
  /** The form the unique index holds: emails case-folded, phones E.164, the rest trimmed. */
  value: string;
  raw: string;
  source: string | null;
}

export type Normalised = { ok: true; identity: NormalisedIdentity } | { ok: false; reason: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** `source:id`, e.g. `shop:123`, `pos:987`. */
const EXTERNAL = /^([a-z0-9_.-]{1,50}):(\S{1,200})$/i;

/** Normalises one identifier of a person; `region` is the workspace's default phone region. */
export function normaliseIdentity(kind: IdentityKind, raw: string, region: string): Normalised {
  const trimmed = raw.trim();
  if (!trimmed) return { ok: false, reason: 'must not be empty' };
  if (trimmed.length > 320) return { ok: false, reason: 'must be at most 320 characters' };
  switch (kind) {
    case 'email': {
      const value = trimmed.toLowerCase();
      if (!EMAIL.test(value)) return { ok: false, reason: 'must be an address like name@example.com' };
      return { ok: true, identity: { kind, value, raw, source: null } };
    }
    case 'phone': {
      const value = e164(trimmed, region);
      if (value === null)
        return { ok: false, reason: `is not a phone number (national numbers are read as ${region})` };
      return { ok: true, identity: { kind, value, raw, source: null } };
    }
    case 'external': {
      const match = EXTERNAL.exec(trimmed);
      if (!match) return { ok: false, reason: 'must be source:id, e.g. "shop:123"' };
      const source = (match[1] ?? '').toLowerCase();
      return { ok: true, identity: { kind, value: `${source}:${match[2]}`, raw, source } };
    }
    default:
      return { ok: true, identity: { kind, value: trimmed, raw, source: null } };
  }
}

/**
 * Phone parses by region and text: a libphonenumber-js parse costs 15-25 µs (it tells apart the
 * countries sharing a calling code by their number patterns), and an import parses every phone twice
 * (the check of every line, then the load), ingest the same customers' numbers again and again.
 * Bounded: when full it starts again empty, so it never holds more than PHONE_CACHE_SIZE numbers.
 */
const PHONE_CACHE_SIZE = 250_000;
const phoneCache = new Map<string, string | null>();

/** The E.164 form of a possible phone number (national numbers read in `region`), or null. */
function e164(text: string, region: string): string | null {
  const key = `${region}${text}`;
  const cached = phoneCache.get(key);
  if (cached !== undefined) return cached;
  const phone = parsePhoneNumberFromString(text, region as CountryCode);
  const value = phone?.isPossible() ? phone.number : null;
  if (phoneCache.size >= PHONE_CACHE_SIZE) phoneCache.clear();
  phoneCache.set(key, value);
  return value;
}
