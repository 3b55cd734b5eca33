import { type RawBuilder, sql } from 'kysely';

/**
 * What marks a stored value as a person's, for a privacy erasure: their id and identifiers (emails,
 * handles, external ids, lower-case) and their phone numbers as national digits, so that
 * "(415) 555-0123" and "+1 415 555 0123" are both found. The customers slice, which holds the
 * identities, makes it; each slice then clears what of the person it stores.
 */
export interface PersonTraces {
  personId: string;
  texts: string[];
  digits: string[];
}

/**
 * Whether the text `expr` mentions the person (SQL; `rapport_mentions` in platform/functions, the test
 * the audit log's redaction uses too).
 */
export function mentionsPerson(traces: PersonTraces, expr: RawBuilder<unknown>): RawBuilder<boolean> {
  const texts = [traces.personId.toLowerCase(), ...traces.texts];
  return sql<boolean>`rapport_mentions(${expr}, ${texts}::text[], ${traces.digits}::text[])`;
}
