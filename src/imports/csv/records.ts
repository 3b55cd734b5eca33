import { type CsvFile, openCsv } from './stream';
import { type ColumnLayout, openWhitespace } from './whitespace';

export type FileFormat = 'csv' | 'whitespace';
export const FILE_FORMATS: readonly FileFormat[] = ['csv', 'whitespace'];

export interface FileLayout {
  /** Default csv (a header line names the columns). */
  format?: FileFormat;
  /** CSV: default ','. */
  delimiter?: string;
  /** Whitespace files: the column names by position ('-' skips one). */
  columns?: ColumnLayout;
}

/** Opens an import file as a stream of records, a headed CSV file or a whitespace-separated one. */
export function openRecords(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  layout: FileLayout,
): Promise<CsvFile> {
  if (layout.format === 'whitespace') return openWhitespace(source, { columns: layout.columns });
  if (layout.columns !== undefined)
    throw new RangeError(
      'columns: only for the whitespace format (a CSV file names its columns in its header)',
    );
  return openCsv(source, { delimiter: layout.delimiter });
}
