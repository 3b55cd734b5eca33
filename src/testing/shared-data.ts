import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Test helper: path of a file of the shared data folder (`../shared/data` beside the project root,
 * or the folder named by RAPPORT_SHARED_DATA, for a checkout that has no shared/ beside it, such as
 * a git worktree). Golden tests skip, with a message, when the file is not there.
 */
export function sharedDataPath(name: string): string {
  return path.resolve(process.env.RAPPORT_SHARED_DATA ?? path.resolve(process.cwd(), '../shared/data'), name);
}

/** Contents of a shared data file, or undefined when it is missing. */
export function readSharedData(name: string): string | undefined {
  const file = sharedDataPath(name);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Skip message for a missing shared data file. */
export function missingDataMessage(name: string): string {
  return `${sharedDataPath(name)} not found: golden test skipped`;
}

/**
 * Tolerance for comparing a fit with a published estimate printed to `decimals` places: 1e-3 of
 * the value, but never less than half a unit of the last printed digit (the rounding itself).
 */
export function publishedTolerance(printed: number, decimals: number): number {
  return Math.max(1e-3 * Math.abs(printed), 0.5 * 10 ** -decimals) + 1e-12;
}

/** Half a unit of the last printed digit: the strictest comparison a rounded figure allows. */
export function roundingTolerance(decimals: number): number {
  return 0.5 * 10 ** -decimals + 1e-12;
}

/** Relative difference |a − b| / |b|. */
export function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}
