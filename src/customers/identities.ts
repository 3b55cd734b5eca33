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
      const phone = parsePhoneNumberFromString(trimmed, region as CountryCode);
      if (!phone?.isPossible())
        return { ok: false, reason: `is not a phone number (national numbers are read as ${region})` };
      return { ok: true, identity: { kind, value: phone.number, raw, source: null } };
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
