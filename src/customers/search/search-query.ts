import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { normaliseIdentity } from '../identity/identities';

/** What one search box query can be: every way it may identify a person or an account. */
export interface SearchPlan {
  /** The query as typed, trimmed. */
  text: string;
  /** Exact identifiers to look up (`kind`, normalised value). */
  exact: { kind: 'email' | 'phone' | 'external' | 'device' | 'social'; value: string }[];
  /** Case-folded prefix of an email address. */
  emailPrefix: string | null;
  /** Prefix of an external id (`source:id`, source case-folded). */
  externalPrefix: string | null;
  /** The digits a phone number ends with (7 or more): its national number, or the digits typed. */
  phoneSuffix: string | null;
  /** Case-folded name prefix and fuzzy text for people and account names. */
  name: string | null;
  /** Case-folded domain prefix of an account ("acme", "acme.com"). */
  domain: string | null;
}

/** At least this many digits make a partial phone number worth looking up. */
export const MIN_PHONE_DIGITS = 7;
/** Shorter prefixes of identifiers match too much to be useful. */
const MIN_PREFIX = 3;
const PHONE_CHARS = /^[\d\s().+\-/]+$/;
const EXTERNAL = /^([a-z0-9_.-]{1,50}):(\S*)$/i;

/**
 * Reads a search box query: an email, a phone number in any format or its last digits, an
 * external id, a device id or social handle, a name, an account domain. Phones are read in the
 * workspace's default region, as identities are stored.
 */
export function planSearch(raw: string, region: string): SearchPlan {
  const text = raw.trim().replace(/\s+/g, ' ');
  const folded = text.toLowerCase();
  const plan: SearchPlan = {
    text,
    exact: [],
    emailPrefix: null,
    externalPrefix: null,
    phoneSuffix: null,
    name: null,
    domain: null,
  };
  if (!text) return plan;
  const oneWord = !text.includes(' ');

  const digits = text.replace(/\D/g, '');
  if (PHONE_CHARS.test(text) && digits.length >= MIN_PHONE_DIGITS) {
    const phone = normaliseIdentity('phone', text, region);
    if (phone.ok) plan.exact.push({ kind: 'phone', value: phone.identity.value });
    // A whole number ends with its national number (no trunk prefix: "020 7946 0018" ends "2079460018");
    // a partial one ends with the digits as typed, zeros included.
    const national = phone.ok ? parsePhoneNumberFromString(phone.identity.value)?.nationalNumber : undefined;
    const suffix = (national ?? digits).slice(-15);
    if (suffix.length >= MIN_PHONE_DIGITS) plan.phoneSuffix = suffix;
    return plan;
  }

  if (text.includes('@')) {
    const email = normaliseIdentity('email', text, region);
    if (email.ok) plan.exact.push({ kind: 'email', value: email.identity.value });
    if (oneWord) plan.emailPrefix = folded;
    const social = text.startsWith('@') && oneWord;
    if (social) plan.exact.push({ kind: 'social', value: text });
    return plan;
  }

  const external = EXTERNAL.exec(text);
  if (external) {
    const [, source = '', id = ''] = external;
    if (id) plan.exact.push({ kind: 'external', value: `${source.toLowerCase()}:${id}` });
    plan.externalPrefix = `${source.toLowerCase()}:${id}`;
  }
  if (oneWord) {
    plan.exact.push({ kind: 'device', value: text }, { kind: 'social', value: text });
    if (folded.length >= MIN_PREFIX) plan.emailPrefix = folded;
    if (/^[\p{L}\d-]+(\.[\p{L}\d-]*)*$/u.test(folded)) plan.domain = folded;
  }
  if (/\p{L}/u.test(text)) plan.name = text;
  return plan;
}

/** Escapes `%`, `_` and `\` so user text matches literally in a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
