/**
 * A CSV reader for imports: RFC 4180 quoting ("" inside quotes), values trimmed of whitespace outside
 * quotes, empty and blank lines skipped, records of any width, the record delimiter found from the
 * first line break (\r\n, \n or \r). It reads as csv-parse does with `{ bom, trim, skip_empty_lines,
 * relax_column_count, info }` (the same records, line numbers and errors; csv/parse.test.ts compares
 * the two on generated files), at a tenth of the cost: a people file is read twice, and csv-parse was
 * the largest share of an import's own CPU.
 *
 * Text goes in as it arrives (`push`); each record is given with the line it ends on (1 = the first
 * line), counted as csv-parse counts: every \r or \n, a record delimiter \r\n once.
 */
export interface ParsedRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** The line where reading stopped. */
    readonly lines: number,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** ECMAScript white space and line terminators: what `trim` removes around values (as csv-parse). */
function isTrimmable(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export class CsvParser {
  private rest = '';
  /** Line counter and "a line break was just read" at the start of `rest` (csv-parse's info.lines). */
  private line = 1;
  private afterBreak = false;
  private recordDelimiter = '';
  private started = false;
  private readonly delimiter: string;
  private readonly delimiterCode: number;

  constructor(
    delimiter = ',',
    private readonly maxRecordSize = 0,
  ) {
    if (delimiter.length === 0) throw new RangeError('the delimiter must not be empty');
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  }

  /** Reads more text; the records it completes are appended to `out`. `end`: no more text follows. */
  push(text: string, end: boolean, out: ParsedRecord[]): void {
    let buf = this.rest.length === 0 ? text : this.rest + text;
    if (!this.started) {
      if (buf.length === 0 && !end) return;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      this.started = true;
    }
    const consumed = this.parse(buf, end, out);
    this.rest = consumed === buf.length ? '' : buf.slice(consumed);
  }

  /**
   * Parses whole records from the start of `buf`; returns where the first incomplete one starts (it is
   * read again, whole, with the next text). The state machine follows csv-parse's loop step by step.
   */
  private parse(buf: string, end: boolean, out: ParsedRecord[]): number {
    const len = buf.length;
    const delimiter = this.delimiter;
    const delimiterCode = this.delimiterCode;
    const max = this.maxRecordSize;
    let line = this.line;
    let afterBreak = this.afterBreak;
    // The state where the current record began, to go back to when it is incomplete.
    let recordStart = 0;
    let recordLine = line;
    let recordAfterBreak = afterBreak;

    let fields: string[] = [];
    let field = '';
    /** Start of the run of characters being appended to `field` (-1: none). */
    let run = -1;
    /** Characters appended to the current field, and to the record's finished fields. */
    let fieldLength = 0;
    let recordLength = 0;
    let quoting = false;
    let wasQuoting = false;
    let escaping = false;

    const flush = (pos: number) => {
      if (run >= 0) {
        field += buf.slice(run, pos);
        run = -1;
      }
    };
    const endField = (pos: number) => {
      flush(pos);
      const value = wasQuoting ? field : field.trimEnd();
      fields.push(value);
      recordLength += value.length;
      field = '';
      fieldLength = 0;
      wasQuoting = false;
    };
    /** Length of the record delimiter at `pos` (0: none); finds it from the first line break. */
    const recordDelimiterAt = (pos: number): number => {
      if (this.recordDelimiter === '') {
        const c = buf.charCodeAt(pos);
        if (c === CR) {
          if (pos + 1 >= len && !end) return -1;
          this.recordDelimiter = buf.charCodeAt(pos + 1) === LF ? '\r\n' : '\r';
        } else if (c === LF) this.recordDelimiter = '\n';
        else return 0;
        return this.recordDelimiter.length;
      }
      const d = this.recordDelimiter;
      if (buf.charCodeAt(pos) !== d.charCodeAt(0)) return 0;
      if (d.length === 1) return 1;
      if (pos + 1 >= len) return end ? 0 : -1;
      return buf.charCodeAt(pos + 1) === d.charCodeAt(1) ? 2 : 0;
    };
    const delimiterAt = (pos: number): number => {
      if (delimiterCode >= 0) return buf.charCodeAt(pos) === delimiterCode ? 1 : 0;
      if (pos + delimiter.length > len) return end || !delimiter.startsWith(buf.slice(pos)) ? 0 : -1;
      return buf.startsWith(delimiter, pos) ? delimiter.length : 0;
    };
    const fail = (message: string): never => {
      throw new CsvSyntaxError(message, line);
    };

    for (let pos = 0; pos < len; pos++) {
      if (afterBreak) {
        line++;
        afterBreak = false;
      }
      const c = buf.charCodeAt(pos);
      if (c === CR || c === LF) afterBreak = true;
      if (escaping) {
        escaping = false;
      } else {
        if (quoting && c === QUOTE) {
          if (pos + 1 >= len && !end) return this.suspend(recordStart, recordLine, recordAfterBreak);
          if (pos + 1 < len && buf.charCodeAt(pos + 1) === QUOTE) {
            // A doubled quote: the next one is a character of the value.
            flush(pos);
            escaping = true;
            continue;
          }
        }
        if (c === QUOTE) {
          if (quoting) {
            const next = pos + 1;
            let closes = next >= len;
            if (!closes) {
              const rd = recordDelimiterAt(next);
              const dl = delimiterAt(next);
              if (rd < 0 || dl < 0) return this.suspend(recordStart, recordLine, recordAfterBreak);
              closes = dl > 0 || rd > 0 || isTrimmable(buf.charCodeAt(next));
            }
            if (!closes)
              fail(
                `Invalid Closing Quote: got "${buf[next]}" at line ${line} instead of delimiter, record delimiter, trimable character (if activated) or comment`,
              );
            flush(pos);
            quoting = false;
            wasQuoting = true;
            continue;
          }
          if (fieldLength !== 0) {
            flush(pos);
            fail(
              `Invalid Opening Quote: a quote is found on field ${fields.length} at line ${line}, value is ${JSON.stringify(field)}`,
            );
          }
          quoting = true;
          continue;
        }
        if (!quoting) {
          const rd = recordDelimiterAt(pos);
          if (rd < 0) return this.suspend(recordStart, recordLine, recordAfterBreak);
          if (rd > 0) {
            if (!wasQuoting && fields.length === 0 && fieldLength === 0) {
              // An empty (or blank) line.
              run = -1;
              field = '';
            } else {
              endField(pos);
              out.push({ line, fields });
              fields = [];
              recordLength = 0;
            }
            pos += rd - 1;
            recordStart = pos + 1;
            recordLine = line;
            recordAfterBreak = afterBreak;
            continue;
          }
          const dl = delimiterAt(pos);
          if (dl < 0) return this.suspend(recordStart, recordLine, recordAfterBreak);
          if (dl > 0) {
            endField(pos);
            pos += dl - 1;
            continue;
          }
        }
      }
      if (max !== 0 && recordLength + fieldLength > max)
        fail(
          `Max Record Size: record exceed the maximum number of tolerated bytes of ${max} at line ${line}`,
        );
      if (quoting || fieldLength !== 0 || !isTrimmable(c)) {
        if (wasQuoting) {
          // After a closing quote only white space may come before the delimiter.
          if (!isTrimmable(c))
            fail(`Invalid Closing Quote: found non trimable byte after quote at line ${line}`);
          flush(pos);
          continue;
        }
        if (run < 0) run = pos;
        fieldLength++;
      } else {
        flush(pos);
      }
    }
    if (!end) return this.suspend(recordStart, recordLine, recordAfterBreak);
    if (quoting) fail(`Quote Not Closed: the parsing is finished with an opening quote at line ${line}`);
    if (wasQuoting || fields.length !== 0 || fieldLength !== 0) {
      endField(len);
      out.push({ line, fields });
    }
    this.line = line;
    this.afterBreak = afterBreak;
    return len;
  }

  private suspend(recordStart: number, line: number, afterBreak: boolean): number {
    this.line = line;
    this.afterBreak = afterBreak;
    return recordStart;
  }
}
