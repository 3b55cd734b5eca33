import { InputError } from '../input-error';
import { decodeText } from './fields';

/**
 * The wanted fields of one record, as byte ranges into `bytes` (valid only during the callback).
 * `start[k]` is -1 when the record has no field for slot k (a short whitespace line).
 */
export interface RecordFields {
  bytes: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** 1 when slot k was a quoted field holding doubled quotes (`fieldText` undoes them). */
  readonly escaped: Uint8Array;
  /** 1-based line where the record starts. */
  line: number;
  /** Fields in the record. */
  fields: number;
}

/** The text of slot k of a record (quotes undone). */
export function fieldText(record: RecordFields, k: number): string {
  const text = decodeText(record.bytes, record.start[k] as number, record.end[k] as number);
  return record.escaped[k] === 1 ? text.replaceAll('""', '"') : text;
}

/** What a scanner reads and where it sends each record. */
export interface ScanHandler {
  /**
   * CSV only: called with the header's names (trimmed, quotes undone, BOM removed); returns the
   * 0-based field index of each slot, or -1 for a slot the file does not have.
   */
  header?: (names: readonly string[]) => readonly number[];
  /** Called for every non-blank record after the header (skipped lines and blank lines excluded). */
  record: (record: RecordFields) => void;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/**
 * A streaming reader of delimited text, fed bytes in chunks of any size, that hands each record's
 * wanted fields to a callback as byte ranges (no string per field, no array per line):
 *
 * - 'csv': RFC 4180 records with a header line; fields separated by commas, optionally quoted
 *   (a quoted field may hold commas, line breaks and doubled quotes); spaces and tabs around a
 *   field are trimmed; every record must have as many fields as the header; blank lines are
 *   skipped; a UTF-8 byte order mark is dropped.
 * - 'whitespace': fields separated by runs of spaces and tabs (fixed-width files such as
 *   CDNOW_sample.txt), addressed by position; `skipLines` lines at the top are skipped; blank
 *   lines are skipped.
 *
 * Lines end with LF, CRLF or CR. Throws InputError naming the line for malformed CSV.
 */
export class DelimitedScanner {
  private readonly record: RecordFields;
  /** Slot of each field index (-1: not wanted); empty until a CSV header is read. */
  private slotOf: Int32Array;
  private headerFields = -1;
  private carry: Uint8Array | null = null;
  private line = 1;
  private started = false;
  private readonly skipLines: number;

  constructor(
    private readonly format: 'csv' | 'whitespace',
    private readonly handler: ScanHandler,
    options: { slots: number; positions?: readonly number[]; skipLines?: number },
  ) {
    this.record = {
      bytes: new Uint8Array(0),
      start: new Int32Array(options.slots),
      end: new Int32Array(options.slots),
      escaped: new Uint8Array(options.slots),
      line: 0,
      fields: 0,
    };
    this.slotOf = format === 'whitespace' ? slotsOf(options.positions ?? []) : new Int32Array(0);
    this.skipLines = options.skipLines ?? 0;
  }

  /** Whether a CSV header has been read (always true for whitespace files). */
  get hasHeader(): boolean {
    return this.format === 'whitespace' || this.headerFields >= 0;
  }

  /** Reads the complete records of `chunk` (the bytes are copied where a record spans chunks). */
  push(chunk: Uint8Array): void {
    this.feed(chunk, false);
  }

  /** Reads the last record (a file need not end with a line break). */
  end(): void {
    this.feed(new Uint8Array(0), true);
  }

  private feed(chunk: Uint8Array, final: boolean): void {
    let bytes = chunk;
    if (this.carry !== null) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = null;
    }
    let p = 0;
    const n = bytes.length;
    if (!this.started) {
      if (n < 3 && !final) {
        this.carry = copyOf(bytes, 0);
        return;
      }
      this.started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) p = 3;
    }
    this.record.bytes = bytes;
    while (p < n) {
      const next =
        this.format === 'csv' ? this.scanCsv(bytes, p, n, final) : this.scanLine(bytes, p, n, final);
      if (next < 0) break;
      p = next;
    }
    if (p < n) this.carry = copyOf(bytes, p);
  }

  /** One CSV record from p: the position after it, or -1 when it may continue in the next chunk. */
  private scanCsv(b: Uint8Array, from: number, n: number, final: boolean): number {
    const header = this.headerFields < 0;
    const names: string[] | null = header ? [] : null;
    const { start, end, escaped } = this.record;
    const slotOf = this.slotOf;
    // A CSV record has every field (the count is checked below), so every slot is set.
    let p = from;
    let field = 0;
    let breaks = 0;
    let blank = true;
    for (;;) {
      let s = p;
      while (s < n && (b[s] === SPACE || b[s] === TAB)) s++;
      let fieldStart: number;
      let fieldEnd: number;
      let doubled = 0;
      let q: number;
      if (s < n && b[s] === QUOTE) {
        q = s + 1;
        for (;;) {
          if (q >= n) {
            if (!final) return -1;
            throw new InputError('malformed CSV: a quoted field is not closed', { line: this.line });
          }
          const c = b[q];
          if (c === QUOTE) {
            if (q + 1 >= n && !final) return -1;
            if (b[q + 1] === QUOTE) {
              doubled = 1;
              q += 2;
              continue;
            }
            break;
          }
          if (c === LF) breaks++;
          q++;
        }
        fieldStart = s + 1;
        fieldEnd = q;
        q++;
        while (q < n && (b[q] === SPACE || b[q] === TAB)) q++;
        if (q >= n) {
          if (!final) return -1;
        } else if (b[q] !== COMMA && b[q] !== LF && b[q] !== CR) {
          throw new InputError('malformed CSV: a character follows a closing quote', {
            line: this.line + breaks,
          });
        }
        blank = false;
      } else {
        q = s;
        while (q < n) {
          const c = b[q];
          if (c === COMMA || c === LF || c === CR) break;
          q++;
        }
        if (q >= n && !final) return -1;
        fieldStart = s;
        fieldEnd = q;
        while (fieldEnd > fieldStart && (b[fieldEnd - 1] === SPACE || b[fieldEnd - 1] === TAB)) fieldEnd--;
        if (fieldEnd > fieldStart) blank = false;
      }
      if (names !== null) {
        const text = decodeText(b, fieldStart, fieldEnd);
        names.push(doubled ? text.replaceAll('""', '"') : text);
      } else if (field < slotOf.length) {
        const slot = slotOf[field] as number;
        if (slot >= 0) {
          start[slot] = fieldStart;
          end[slot] = fieldEnd;
          escaped[slot] = doubled;
        }
      }
      field++;
      p = q;
      if (p < n && b[p] === COMMA) {
        p++;
        continue;
      }
      break;
    }
    if (p < n) {
      if (b[p] === CR) {
        if (p + 1 >= n && !final) return -1;
        p++;
        if (p < n && b[p] === LF) p++;
      } else if (b[p] === LF) p++;
    }
    const line = this.line;
    this.line += 1 + breaks;
    if (blank && field === 1) return p;
    if (names !== null) {
      this.readHeader(names);
      return p;
    }
    if (field !== this.headerFields) {
      throw new InputError(`malformed CSV: ${field} fields where the header has ${this.headerFields}`, {
        line,
      });
    }
    this.record.line = line;
    this.record.fields = field;
    this.handler.record(this.record);
    return p;
  }

  private readHeader(names: string[]): void {
    this.headerFields = names.length;
    const positions = this.handler.header ? this.handler.header(names) : [];
    this.slotOf = slotsOf(positions);
  }

  /** One whitespace-separated line from p (see `scanCsv`). */
  private scanLine(b: Uint8Array, from: number, n: number, final: boolean): number {
    let q = from;
    while (q < n && b[q] !== LF && b[q] !== CR) q++;
    if (q >= n && !final) return -1;
    const lineEnd = q;
    if (q < n) {
      if (b[q] === CR) {
        if (q + 1 >= n && !final) return -1;
        q++;
        if (q < n && b[q] === LF) q++;
      } else q++;
    }
    const line = this.line++;
    if (line <= this.skipLines) return q;
    const { start, end, escaped } = this.record;
    const slotOf = this.slotOf;
    for (let k = 0; k < start.length; k++) start[k] = -1;
    let field = 0;
    let i = from;
    for (;;) {
      while (i < lineEnd && isBlank(b[i] as number)) i++;
      if (i >= lineEnd) break;
      const s = i;
      while (i < lineEnd && !isBlank(b[i] as number)) i++;
      if (field < slotOf.length) {
        const slot = slotOf[field] as number;
        if (slot >= 0) {
          start[slot] = s;
          end[slot] = i;
          escaped[slot] = 0;
        }
      }
      field++;
    }
    if (field === 0) return q;
    this.record.line = line;
    this.record.fields = field;
    this.handler.record(this.record);
    return q;
  }
}

/**
 * A copy of bytes from p. Not `bytes.slice(p)`: on a Node Buffer that is a view, and a caller
 * that reads the next chunk into the same buffer would overwrite the bytes carried over.
 */
function copyOf(bytes: Uint8Array, p: number): Uint8Array {
  const out = new Uint8Array(bytes.length - p);
  out.set(bytes.subarray(p));
  return out;
}

/** Space, tab, vertical tab, form feed. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === 11 || c === 12;
}

/** Field index → slot, from slot → field index (-1 entries are left out). */
function slotsOf(positions: readonly number[]): Int32Array {
  const size = positions.reduce((m, p) => Math.max(m, p + 1), 0);
  const out = new Int32Array(size).fill(-1);
  positions.forEach((p, slot) => {
    if (p >= 0) out[p] = slot;
  });
  return out;
}
