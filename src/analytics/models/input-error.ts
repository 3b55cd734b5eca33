/**
 * Error for malformed analytics input (transaction files, transaction arrays, summaries). The
 * message names the line (or record) number and the field, e.g.
 * `line 12, field date: cannot parse "19971301" as YYYYMMDD`.
 */
export class InputError extends Error {
  /** 1-based line of a text input, or 1-based record index of an array input. */
  readonly line: number | undefined;
  /** Offending field (column name or role: customer, date, amount, calibrationEnd, …). */
  readonly field: string | undefined;

  constructor(message: string, location: { line?: number; field?: string } = {}) {
    const where = [
      location.line === undefined ? undefined : `line ${location.line}`,
      location.field === undefined ? undefined : `field ${location.field}`,
    ]
      .filter((part) => part !== undefined)
      .join(', ');
    super(where === '' ? message : `${where}: ${message}`);
    this.name = 'InputError';
    this.line = location.line;
    this.field = location.field;
  }
}
