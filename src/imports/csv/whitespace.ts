import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { FileFormatError } from './errors';
import type { CsvFile, CsvRecord } from './stream';

/**
 * The names of a whitespace file's columns by position ('-' skips one): one list, or one list per
 * number of values on a line (a preset that reads two layouts of the same data).
 */
export type ColumnLayout = readonly string[] | Readonly<Record<number, readonly string[]>>;

const BREAK = /\r\n|\r|\n/g;
const SPACES = /\s+/;

/**
 * Opens a file of space-padded columns, such as Fader and Hardie's CDNOW files (CRLF line ends, no
 * quoting), as a stream: blank lines are skipped, values are split on runs of white space. A first
 * line without any digit is a header: it names the columns unless `columns` does, and is skipped.
 * Line numbers count every physical line from 1. A line with another number of values than the
 * layout is yielded with its values as they are and a `problem`, for the caller to report.
 */
export async function openWhitespace(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: { columns?: ColumnLayout; maxLineSize?: number } = {},
): Promise<CsvFile> {
  const hash = createHash('sha256');
  const maxLine = options.maxLineSize ?? 1024 * 1024;
  let bytes = 0;

  /** Every non-blank line with its number. */
  async function* lines(): AsyncGenerator<{ line: number; text: string }> {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let line = 1;
    const split = function* (text: string, end: boolean) {
      let start = 0;
      BREAK.lastIndex = 0;
      for (let m = BREAK.exec(text); m !== null; m = BREAK.exec(text)) {
        // A CR at the very end may be the first half of a CRLF: wait for the next text.
        if (!end && m[0] === '\r' && m.index === text.length - 1) break;
        yield { line, text: text.slice(start, m.index) };
        line++;
        start = m.index + m[0].length;
      }
      rest = text.slice(start);
      if (end && rest !== '') {
        yield { line, text: rest };
        rest = '';
      }
      if (rest.length > maxLine) throw new FileFormatError(`a line longer than ${maxLine} characters`, line);
    };
    for await (const chunk of source) {
      hash.update(chunk);
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      for (const l of split(rest + text, false)) if (l.text.trim() !== '') yield l;
    }
    for (const l of split(rest + decoder.end(), true)) if (l.text.trim() !== '') yield l;
  }

  const iterator = lines();
  let first = await iterator.next();
  if (first.done) throw new FileFormatError('empty file: no lines');
  let header: string[] | undefined;
  const firstText = first.value.text.replace(/^\uFEFF/, '').trim();
  if (!/\d/.test(firstText)) {
    header = firstText.split(SPACES);
    first = await iterator.next();
  }
  const layout = pickLayout(options.columns, header, first.done ? undefined : first.value.text);
  const width = layout.length;
  const kept = layout.flatMap((name, i) => (name === '-' ? [] : [i]));
  const toRecord = (l: { line: number; text: string }): CsvRecord => {
    const values = l.text.trim().split(SPACES);
    if (values.length !== width)
      return { line: l.line, fields: values, problem: `has ${values.length} values, expected ${width}` };
    return { line: l.line, fields: kept.map((i) => values[i] as string) };
  };
  async function* records(): AsyncGenerator<CsvRecord> {
    if (!first.done) yield toRecord(first.value);
    for await (const l of iterator) yield toRecord(l);
  }
  let digest: string | undefined;
  return {
    columns: kept.map((i) => layout[i] as string),
    records: records(),
    digest: () => {
      digest ??= hash.copy().digest('hex');
      return digest;
    },
    bytes: () => bytes,
  };
}

function pickLayout(
  columns: ColumnLayout | undefined,
  header: string[] | undefined,
  firstLine: string | undefined,
): readonly string[] {
  if (columns === undefined) {
    if (header) return header;
    throw new FileFormatError(
      'a whitespace-separated file without a header line needs its columns named (--columns)',
    );
  }
  if (Array.isArray(columns)) return columns as readonly string[];
  const byWidth = columns as Readonly<Record<number, readonly string[]>>;
  const width = firstLine === undefined ? undefined : firstLine.trim().split(SPACES).length;
  const layout = width === undefined ? Object.values(byWidth)[0] : byWidth[width];
  if (!layout)
    throw new FileFormatError(
      `the first line has ${width} values; this layout reads lines of ${Object.keys(byWidth).join(' or ')}`,
    );
  return layout;
}
