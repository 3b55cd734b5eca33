import { ConfigError, type Config, loadConfig } from '../config';
import type { Database } from '../db/connection';
import { DataDirLockedError } from '../db/data-dir-lock';
import { AppError } from '../platform/errors';

/** Exit codes of the `rapport` command. */
export const EXIT = { ok: 0, failed: 1, invalid: 2, locked: 3, config: 4 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.invalid,
  ) {
    super(message);
  }
}

export function readConfig(): Config {
  return loadConfig();
}

/** Opens the configured database, brings its schema up to date, runs `fn`, and closes it. */
export async function withDatabase<T>(fn: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = readConfig();
  const { databaseTarget, openDatabase } = await import('../db/connection');
  const { migrate } = await import('../db/migrate');
  const database = await openDatabase(databaseTarget(config));
  try {
    await migrate(database.db);
    return await fn(database, config);
  } finally {
    await database.close();
  }
}

/** Prints an error as one clear line and returns the exit code for it. */
export function reportError(err: unknown): number {
  if (err instanceof CliError) {
    console.error(`rapport: ${err.message}`);
    return err.exitCode;
  }
  if (err instanceof DataDirLockedError) {
    console.error(`rapport: ${err.message}`);
    return EXIT.locked;
  }
  if (err instanceof ConfigError) {
    console.error(`rapport: ${err.message}`);
    return EXIT.config;
  }
  if (err instanceof AppError) {
    console.error(`rapport: ${err.field ? `${err.field}: ` : ''}${err.message}`);
    return err.code === 'internal' ? EXIT.failed : EXIT.invalid;
  }
  console.error('rapport: unexpected error');
  console.error(err);
  return EXIT.failed;
}
