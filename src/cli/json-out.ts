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
    await writeTable(out, tables[t] as RowTable<object>, indent);
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
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
}

async function writeTable(out: Chunks, table: RowTable<object>, indent: string): Promise<void> {
  if (table.length === 0) {
    await out.add('[]');
    return;
  }
  const rowIndent = `${indent}  `;
  const fieldIndent = `${indent}    `;
  const keys = table.columns.map((c) => `${fieldIndent}${JSON.stringify(c.name)}: `);
  const write = table.columns.map(cellWriter);
  await out.add('[\n');
  const last = table.columns.length - 1;
  let rows = '';
  for (let k = 0; k < table.length; k++) {
    const record = table.record(k);
    let row = `${rowIndent}{\n`;
    for (let c = 0; c <= last; c++) {
      row += (keys[c] as string) + (write[c] as (record: number) => string)(record);
      row += c === last ? '\n' : ',\n';
    }
    rows += `${row}${rowIndent}}${k === table.length - 1 ? '\n' : ',\n'}`;
    if (rows.length >= 1 << 16) {
      await out.add(rows);
      rows = '';
    }
  }
  await out.add(`${rows}${indent}]`);
}

/** How one column's cell of a record is written. */
function cellWriter(column: RowColumn): (record: number) => string {
  if ('text' in column) return (record) => quote(column.text(record));
  const { values, at } = column as NumberColumn;
  if (values === null) return () => 'null';
  const format = column.computed ? formatSignificant : formatExact;
  return at === undefined
    ? (record) => format(values[record] as number)
    : (record) => format(values[at[record] as number] as number);
}

/** A JSON string (fast path for printable ASCII without quotes or backslashes). */
function quote(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(text);
  }
  return `"${text}"`;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A number as JSON writes it (`String(v)`, `null` for NaN and ±∞). Numbers of up to 4 decimals and
 * 9 digits, as files hold, are written from their digits (the same text: a decimal of ≤ 15
 * significant digits that rounds to v is the shortest one), others through `String`.
 */
export function formatExact(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) return String(v | 0);
  const a = Math.abs(v);
  if (a < 1e9) {
    for (let k = 1; k <= 4; k++) {
      const scale = POW10[k] as number;
      const m = Math.round(a * scale);
      if (m / scale === a) return (v < 0 ? '-' : '') + decimal(m, k);
    }
  }
  return String(v);
}

/**
 * A number rounded to 12 significant digits (at most; trailing zeros dropped), `null` for NaN and
 * ±∞: e.g. 0.30532397344628763 → 0.305323973446, 456.78000000000003 → 456.78. Written from integer
 * digits (far cheaper than the shortest round-trip form of an arbitrary double).
 */
export function formatSignificant(v: number): string {
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
  while (k > 0 && m % 10 === 0) {
    m /= 10;
    k--;
  }
  return (v < 0 ? '-' : '') + decimal(m, k);
}

const ZEROS = '0'.repeat(24);

/** The integer m (< 2^53) with k digits after the point, e.g. (505, 2) → "5.05". */
function decimal(m: number, k: number): string {
  if (k === 0) return digits(m);
  const scale = POW10[k] as number;
  const whole = Math.floor(m / scale);
  const fraction = digits(m - whole * scale);
  return `${digits(whole)}.${ZEROS.slice(0, k - fraction.length)}${fraction}`;
}

/** Decimal digits of a non-negative integer, through small integers (fast) where it is large. */
function digits(n: number): string {
  if (n < 2 ** 31) return String(n | 0);
  const high = Math.floor(n / 1e9);
  const low = String((n - high * 1e9) | 0);
  return `${digits(high)}${ZEROS.slice(0, 9 - low.length)}${low}`;
}
