/**
 * What text the system takes in: well-formed Unicode without NUL. PostgreSQL's text cannot hold a
 * NUL (U+0000), and a UTF-16 surrogate without its pair (a "lone surrogate", `\ud800`) is not a
 * character: encoded to UTF-8 on its way to the database it becomes U+FFFD, so two different keys
 * would be stored as one (an idempotency key acknowledged as a duplicate of another, its item lost).
 * Both are refused where input enters (HTTP, NDJSON streams, CSV files), naming the field.
 */

/** A NUL, or a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const BAD_TEXT = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * `text` with each NUL and lone surrogate replaced by U+FFFD: for showing what was read (a refused
 * line's values), never for input that is taken.
 */
export function shownAsText(text: string): string {
  return BAD_TEXT.test(text) ? text.replace(new RegExp(BAD_TEXT.source, 'g'), '\ufffd') : text;
}

/** Deepest nesting of arrays and objects taken in a JSON value (PostgreSQL's jsonb runs out of stack near a few thousand). */
export const MAX_JSON_DEPTH = 64;

/** Why `text` cannot be taken as text, or undefined when it can. */
export function textProblem(text: string): string | undefined {
  const match = BAD_TEXT.exec(text);
  if (!match) return undefined;
  return match[0] === '\0'
    ? 'must not contain a NUL character (U+0000)'
    : 'is not well-formed Unicode (a lone UTF-16 surrogate)';
}

export interface InputProblem {
  /** Dotted path of the value (`items.3.subject`); `prefix` when it is the value itself. */
  field: string;
  reason: string;
}

/**
 * The first string (or object key) in a parsed JSON value, query string or parameter set that is
 * not acceptable text, or the first place nested deeper than `MAX_JSON_DEPTH`. Only plain objects
 * and arrays are walked (a stream body is not a value). Iterative: a deep value cannot overflow the
 * stack here.
 */
export function findInputProblem(value: unknown, prefix = ''): InputProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: prefix, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof v === 'string') {
      const reason = textProblem(v);
      if (reason) return { field: path, reason };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    const isArray = Array.isArray(v);
    if (!isArray && !isPlainObject(v)) continue;
    if (depth >= MAX_JSON_DEPTH)
      // Named by the field that holds it (`metadata.a`, not `metadata.a.0.0.0...`).
      return {
        field: path.replace(/(\.\d+)+$/, ''),
        reason: `is nested more than ${MAX_JSON_DEPTH} levels deep`,
      };
    const entries = isArray ? v.map((item, i) => [String(i), item] as const) : Object.entries(v);
    if (!isArray) {
      for (const [key] of entries) {
        const reason = textProblem(key);
        if (reason) return { field: path, reason: `has a key that ${reason}` };
      }
    }
    // Pushed in reverse, so the first problem in reading order is the one reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i] as readonly [string, unknown];
      stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * A JSON object or a parsed query string (whose objects inherit from an empty null-prototype
 * object): its prototype is null, or has none itself. A stream or a class instance is not one.
 */
export function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}
