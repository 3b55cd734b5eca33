import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { type NumberColumn, type RowColumn, RowTable } from '../analytics/index';

/**
 * Writes `value` as `JSON.stringify(value, null, 2)` would, plus a line break, but streams each
 * `RowTable` in it row by row from its columns (a million customers never become a million
 * objects nor one string over V8's length limit), waiting for the stream to drain as it goes.
 * Numbers of columns marked `computed` are written to 12 significant digits (`formatSignificant`);
 * other numbers exactly, as JSON writes them.
 */
export async function writeJson(stream: Writable, value: unknown): Promise<void> {
  const tables: RowTable<object>[] = [];
  const text = JSON.stringify(withPlaceholders(value, tables), null, 2);
  const out = new Chunks(stream);
  let from = 0;
  for (let t = 0; t < tables.length; t++) {
    const mark = `"${PLACEHOLDER}${t}"`;
    const at = text.indexOf(mark, from);
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const indent = /^ */.exec(text.slice(lineStart, at))?.[0] ?? '';
    await out.add(text.slice(from, at));
    await writeTable(out, stream, tables[t] as RowTable<object>, indent);
    from = at + mark.length;
  }
  await out.add(text.slice(from));
  await out.add('\n');
  await out.flush();
}

/** JSON-escaped as "\u0000rowtable:N": no report string holds a NUL. */
const PLACEHOLDER = '\\u0000rowtable:';

/** A copy of plain objects and arrays with each RowTable replaced by a placeholder string. */
function withPlaceholders(value: unknown, tables: RowTable<object>[]): unknown {
  if (value instanceof RowTable) {
    tables.push(value);
    return `\u0000rowtable:${tables.length - 1}`;
  }
  if (Array.isArray(value)) return value.map((v) => withPlaceholders(v, tables));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = withPlaceholders(v, tables);
    return out;
  }
  return value;
}

/** Text gathered into chunks of about 256 KiB, written with backpressure. */
class Chunks {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly stream: Writable) {}

  async add(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 18) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    await write(this.stream, chunk);
  }
}

async function write(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

const SIZE = (1 << 20) + (1 << 16);

/** Bytes of the rows of a table, built in a buffer (no string per cell) and written 1 MiB at a time. */
class Bytes {
  /** 1 MiB and room for the row that crosses it (flushed at 1 MiB). */
  buffer = Buffer.allocUnsafe(SIZE);
  at = 0;

  /** Room for n more bytes. */
  room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + n));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }

  /** Hands the bytes so far to the stream (a fresh buffer follows: the stream may keep this one). */
  async flush(stream: Writable): Promise<void> {
    if (this.at === 0) return;
    const chunk = this.buffer.subarray(0, this.at);
    this.buffer = Buffer.allocUnsafe(SIZE);
    this.at = 0;
    await write(stream, chunk);
  }

  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.room(n);
    if (n > 64) this.buffer.set(bytes, this.at);
    else for (let i = 0; i < n; i++) this.buffer[this.at + i] = bytes[i] as number;
    this.at += n;
  }

  /** Text of ASCII characters only. */
  ascii(text: string): void {
    this.room(text.length);
    for (let i = 0; i < text.length; i++) this.buffer[this.at++] = text.charCodeAt(i);
  }

  /** A JSON string. */
  quoted(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) {
        const json = JSON.stringify(text);
        this.room(Buffer.byteLength(json));
        this.at += this.buffer.write(json, this.at, 'utf8');
        return;
      }
    }
    this.room(text.length + 2);
    this.buffer[this.at++] = 0x22;
    for (let i = 0; i < text.length; i++) this.buffer[this.at++] = text.charCodeAt(i);
    this.buffer[this.at++] = 0x22;
  }

  /** A non-negative integer below 2^53, at least `width` digits (zeros in front). */
  digits(n: number, width = 1): void {
    if (n >= 1e8) {
      const high = Math.floor(n / 1e8);
      this.digits(high, width - 8);
      this.eight(n - high * 1e8);
      return;
    }
    const v = n | 0;
    const count =
      v < 10 ? 1 : v < 100 ? 2 : v < 1e3 ? 3 : v < 1e4 ? 4 : v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7 : 8;
    const size = Math.max(count, width);
    this.room(size);
    const buffer = this.buffer;
    let i = this.at + size;
    let rest = v;
    while (rest >= 100) {
      const pair = rest % 100;
      rest = (rest / 100) | 0;
      buffer[--i] = PAIRS[2 * pair + 1] as number;
      buffer[--i] = PAIRS[2 * pair] as number;
    }
    if (rest >= 10) {
      buffer[--i] = PAIRS[2 * rest + 1] as number;
      buffer[--i] = PAIRS[2 * rest] as number;
    } else buffer[--i] = 48 + rest;
    while (i > this.at) buffer[--i] = 48;
    this.at += size;
  }

  /** Exactly eight digits of v < 10^8. */
  private eight(v: number): void {
    this.room(8);
    const buffer = this.buffer;
    let rest = v | 0;
    for (let i = this.at + 7; i > this.at; i -= 2) {
      const pair = rest % 100;
      rest = (rest / 100) | 0;
      buffer[i] = PAIRS[2 * pair + 1] as number;
      buffer[i - 1] = PAIRS[2 * pair] as number;
    }
    this.at += 8;
  }

  /** A number as `format` would write it. */
  number(v: number, computed: boolean): void {
    const text = computed ? significant(v) : exact(v);
    if (text !== undefined) {
      this.ascii(text);
      return;
    }
    this.room(1);
    if (parts.negative) this.buffer[this.at++] = 0x2d;
    const scale = POW10[parts.k] as number;
    const whole = Math.floor(parts.m / scale);
    this.digits(whole);
    if (parts.k > 0) {
      this.room(1);
      this.buffer[this.at++] = 0x2e;
      this.digits(parts.m - whole * scale, parts.k);
      // Trailing zeros of the fraction, and a point left alone, go.
      while (this.buffer[this.at - 1] === 48) this.at--;
      if (this.buffer[this.at - 1] === 0x2e) this.at--;
    }
  }
}

async function writeTable(
  out: Chunks,
  stream: Writable,
  table: RowTable<object>,
  indent: string,
): Promise<void> {
  if (table.length === 0) {
    await out.add('[]');
    return;
  }
  await out.add('[\n');
  await out.flush();
  const encode = (text: string) => Buffer.from(text, 'utf8');
  const open = encode(`${indent}  {\n`);
  const close = encode(`${indent}  },\n`);
  const closeLast = encode(`${indent}  }\n`);
  const last = table.columns.length - 1;
  const keys = table.columns.map((c, i) =>
    encode(`${i === 0 ? '' : ',\n'}${indent}    ${JSON.stringify(c.name)}: `),
  );
  const newline = encode('\n');
  const cells = table.columns.map(cellWriter);
  const bytes = new Bytes();
  for (let k = 0; k < table.length; k++) {
    const record = table.record(k);
    bytes.raw(open);
    for (let c = 0; c <= last; c++) {
      bytes.raw(keys[c] as Uint8Array);
      (cells[c] as (bytes: Bytes, record: number) => void)(bytes, record);
    }
    bytes.raw(newline);
    bytes.raw(k === table.length - 1 ? closeLast : close);
    if (bytes.at >= 1 << 20) await bytes.flush(stream);
  }
  await bytes.flush(stream);
  await out.add(`${indent}]`);
}

/** How one column's cell of a record is written. */
function cellWriter(column: RowColumn): (bytes: Bytes, record: number) => void {
  if ('text' in column) return (bytes, record) => bytes.quoted(column.text(record));
  const { values, at } = column as NumberColumn;
  if (values === null) return (bytes) => bytes.ascii('null');
  const computed = column.computed === true;
  return at === undefined
    ? (bytes, record) => bytes.number(values[record] as number, computed)
    : (bytes, record) => bytes.number(values[at[record] as number] as number, computed);
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The sign, digits m and decimals k of the last number `exact` or `significant` did not write as text. */
const parts = { negative: false, m: 0, k: 0 };

/**
 * A number as JSON writes it (`String(v)`, `null` for NaN and ±∞). Numbers of up to 4 decimals and
 * 9 digits, as files hold, are written from their digits (the same text: a decimal of ≤ 15
 * significant digits that rounds to v is the shortest one), others through `String`.
 */
export function formatExact(v: number): string {
  return exact(v) ?? fromParts();
}

/**
 * A number rounded to 12 significant digits (at most; trailing zeros dropped), `null` for NaN and
 * ±∞: e.g. 0.30532397344628764 → 0.305323973446, 456.78000000000003 → 456.78. Written from integer
 * digits (far cheaper than the shortest round-trip form of an arbitrary double).
 */
export function formatSignificant(v: number): string {
  return significant(v) ?? fromParts();
}

/** The text of a number, or undefined with its digits left in `parts`. */
function exact(v: number): string | undefined {
  if (!Number.isFinite(v)) return 'null';
  parts.negative = v < 0;
  const a = Math.abs(v);
  if (Number.isInteger(a) && a < 2 ** 53) {
    parts.m = a;
    parts.k = 0;
    return undefined;
  }
  if (a < 1e9) {
    for (let k = 1; k <= 4; k++) {
      const scale = POW10[k] as number;
      const m = Math.round(a * scale);
      if (m / scale === a) {
        parts.m = m;
        parts.k = k;
        return undefined;
      }
    }
  }
  return String(v);
}

function significant(v: number): string | undefined {
  if (!Number.isFinite(v)) return 'null';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-6 || a >= 1e11) return String(Number(v.toPrecision(12)));
  let k = 11 - Math.floor(Math.log10(a));
  let m = Math.round(a * (POW10[k] as number));
  if (m >= 1e12) {
    k--;
    m = Math.round(a * (POW10[k] as number));
  } else if (m < 1e11) {
    k++;
    m = Math.round(a * (POW10[k] as number));
  }
  // Trailing zeros are dropped as the digits are written.
  parts.negative = v < 0;
  parts.m = m;
  parts.k = k;
  return undefined;
}

const ZEROS = '0'.repeat(24);

/** The text of `parts` (trailing zeros of the fraction dropped). */
function fromParts(): string {
  const { negative, m, k } = parts;
  const scale = POW10[k] as number;
  const whole = Math.floor(m / scale);
  const sign = negative ? '-' : '';
  const digits = String(m - whole * scale);
  const fraction = `${ZEROS.slice(0, k - digits.length)}${digits}`.replace(/0+$/, '');
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** ASCII codes of "00" … "99": PAIRS[2p], PAIRS[2p + 1] are the digits of p. */
const PAIRS = new Uint8Array(200);
for (let p = 0; p < 100; p++) {
  PAIRS[2 * p] = 48 + Math.floor(p / 10);
  PAIRS[2 * p + 1] = 48 + (p % 10);
}
