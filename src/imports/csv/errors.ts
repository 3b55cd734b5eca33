import type { Rejection } from '../../platform/index';

/** The file as a whole cannot be read (no header, a broken quote, a mapped column it lacks). */
export class FileFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** A line of a file that cannot be loaded: where (the line, not an index), which column, and why. */
export interface BadRow extends Omit<Rejection, 'index'> {
  line: number;
}
