import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { type ItemRejection, reject } from './check';
import type { CustomerRef } from './schema';

/** One identifier of a customer, in the form the identities table stores it. */
export interface IdentityKey {
  kind: 'external' | 'email' | 'phone';
  /** Normalised: external ids as given, emails lower-case, phones in E.164. */
  value: string;
  raw: string;
  source: string | null;
}

export interface NormalisedCustomer {
  /** In matching order: external id, email, phone. The first one that matches decides. */
  identities: IdentityKey[];
  name: string | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EXTERNAL = /^([^:\s]{1,50}):(\S.*)$/;

/**
 * Turns an order's customer identifiers into identity keys, exactly as the identities table holds
 * them, so an order finds its customer by exact match. (Fuzzy matching and merging are identity
 * resolution's job.) `region` is the workspace's default phone region.
 */
export function normaliseCustomer(
  ref: CustomerRef,
  region: string,
  field = 'customer',
): NormalisedCustomer | ItemRejection {
  const identities: IdentityKey[] = [];
  if (ref.externalId !== undefined) {
    const raw = ref.externalId.trim();
    const match = EXTERNAL.exec(raw);
    if (!match) return reject(`${field}.externalId`, 'must be source:id, e.g. "shop:123"');
    identities.push({ kind: 'external', value: raw, raw, source: match[1] ?? null });
  }
  if (ref.email !== undefined) {
    const value = ref.email.trim().toLowerCase();
    if (!EMAIL.test(value)) return reject(`${field}.email`, 'must be an address like name@example.com');
    identities.push({ kind: 'email', value, raw: ref.email, source: null });
  }
  if (ref.phone !== undefined) {
    const phone = parsePhoneNumberFromString(ref.phone, region as CountryCode);
    if (!phone?.isPossible()) {
      return reject(`${field}.phone`, `is not a phone number (national numbers are read as ${region})`);
    }
    identities.push({ kind: 'phone', value: phone.number, raw: ref.phone, source: null });
  }
  if (identities.length === 0) return reject(field, 'needs an email, phone or externalId');
  return { identities, name: ref.name?.trim() || undefined };
}

export const identityId = (key: { kind: string; value: string }) => `${key.kind}\u0000${key.value}`;
