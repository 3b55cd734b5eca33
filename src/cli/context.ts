import type { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { ConfigError, type Config, loadConfig } from '../config';
import type { Database } from '../db/index';
import { DataDirLockedError } from '../db/index';
import { AppError } from '../platform/index';
import { type CliIo, writeLine } from './io';

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

export function readConfig(io: CliIo): Config {
  return loadConfig(io.env);
}

/**
 * Opens the configured database, brings its schema up to date (unless `migrate: false`), runs `fn`,
 * and closes it (an embedded one vacuumed and analysed where `fn` changed enough to need it).
 */
export async function withDatabase<T>(
  io: CliIo,
  fn: (database: Database, config: Config) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = readConfig(io);
  const { databaseTarget, openDatabase } = await import('../db/index');
  const { migrate } = await import('../db/index');
  const database = await openDatabase(databaseTarget(config));
  try {
    // `rapport migrate` migrates itself, to report what it applied.
    if (options.migrate !== false) await migrate(database.db);
    const result = await fn(database, config);
    if (database.kind === 'pglite') {
      // The embedded database has no autovacuum: leave what the command wrote analysed. The command's
      // work is committed already, so a failure here is a warning, not the command's failure.
      const { maintainTables } = await import('../db/index');
      await maintainTables(database.db).catch((err: unknown) =>
        writeLine(
          io.stderr,
          `rapport: warning: database maintenance failed: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    }
    return result;
  } finally {
    await database.close();
  }
}

/** Prints an error as one clear line on `stderr` and returns the exit code for it. */
export function reportError(err: unknown, stderr: Writable): number {
  const say = (text: string) => writeLine(stderr, `rapport: ${text}`);
  if (err instanceof CliError) {
    say(err.message);
    return err.exitCode;
  }
  if (err instanceof DataDirLockedError) {
    say(err.message);
    return EXIT.locked;
  }
  if (err instanceof ConfigError) {
    say(err.message);
    return EXIT.config;
  }
  if (err instanceof AppError) {
    say(`${err.field ? `${err.field}: ` : ''}${err.message}`);
    return err.code === 'internal' ? EXIT.failed : EXIT.invalid;
  }
  say('unexpected error');
  writeLine(stderr, inspect(err));
  return EXIT.failed;
}
