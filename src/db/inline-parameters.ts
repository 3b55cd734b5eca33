import pgUtils from 'pg/lib/utils.js';

/** Above this much text the parameters stay parameters: a long literal costs the server's lexer a pass. */
export const MAX_INLINE_CHARS = 16_384;

/**
 * A parameter's value as a SQL literal, as node-postgres would send it (its own conversion: dates in
 * the process's time zone with their offset, arrays as array literals, objects as JSON), quoted and
 * escaped; `null` for null and undefined. Undefined when it cannot go into the text: binary data
 * (sent as bytes) and strings holding a NUL character (the text of a query ends at the first NUL).
 * A quoted literal is of unknown type until its context types it, as a parameter is.
 */
export function literalOf(value: unknown): string | undefined {
  const prepared: unknown = pgUtils.prepareValue(value);
  if (prepared === null) return 'null';
  if (typeof prepared !== 'string' || prepared.includes('\0')) return undefined;
  return pgUtils.escapeLiteral(prepared);
}

const IDENTIFIER_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/**
 * `text` with each parameter placeholder (`$1`, `$2`, ...) replaced by its value as a literal, so the
 * statement can go by the simple protocol (several statements in one message, and on the embedded
 * database one call instead of five). Placeholders are found as PostgreSQL's lexer finds them:
 * not inside quoted strings (`'...'`, `E'...'` with backslash escapes), quoted identifiers, dollar-quoted
 * strings or comments (nested `/* ... *\/` too), nor as the tail of an identifier (`a$1`).
 * Undefined when a value cannot be inlined (see `literalOf`), a placeholder has no value, or the
 * values' text passes `maxChars`.
 */
export function inlineParameters(
  text: string,
  parameters: readonly unknown[],
  maxChars = MAX_INLINE_CHARS,
): string | undefined {
  if (parameters.length === 0) return text;
  const literals: string[] = [];
  let size = 0;
  for (const value of parameters) {
    const literal = literalOf(value);
    if (literal === undefined) return undefined;
    size += literal.length;
    if (size > maxChars) return undefined;
    literals.push(literal);
  }
  let out = '';
  let from = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "'") {
      const prev = text[i - 1];
      const escapes = (prev === 'E' || prev === 'e') && !IDENTIFIER_CHAR.test(text[i - 2] ?? ' ');
      i = endOfQuoted(text, i, "'", escapes);
    } else if (c === '"') {
      i = endOfQuoted(text, i, '"', false);
    } else if (c === '-' && next === '-') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === '/' && next === '*') {
      i = endOfBlockComment(text, i);
    } else if (c === '$' && !IDENTIFIER_CHAR.test(text[i - 1] ?? ' ')) {
      const digits = /^\$(\d+)/.exec(text.slice(i, i + 12));
      if (digits) {
        const literal = literals[Number(digits[1]) - 1];
        if (literal === undefined) return undefined;
        out += text.slice(from, i) + literal;
        i += (digits[0] as string).length;
        from = i;
        continue;
      }
      const tag = DOLLAR_TAG.exec(text.slice(i, i + 64));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  return out + text.slice(from);
}

/** The index after a quoted string or identifier starting at `start` (a doubled quote stays inside). */
function endOfQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return text.length;
}

/** The index after a block comment starting at `start`; PostgreSQL's block comments nest. */
function endOfBlockComment(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}
