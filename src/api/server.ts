import os from 'node:os';
import type { Config } from '../config';
import { type Database, databaseTarget, openDatabase } from '../db/index';
import { migrate } from '../db/index';
import type { Api } from '../platform/index';
import { type JobHandler, JobRunner } from '../platform/index';
import { allJobHandlers } from './job-handlers';
import { buildApp } from './app';
import { serverLogger } from './logging';

export interface RunningRapport {
  readonly app: Api;
  readonly database: Database;
  readonly jobs: JobRunner;
  readonly url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  /** Runs after migrations, before the server listens (the demo seed on an empty database). */
  beforeListen?: (database: Database) => Promise<void>;
  /** Default: every slice's handlers (`allJobHandlers`). */
  jobHandlers?: ReadonlyMap<string, JobHandler>;
  database?: Database;
  webDist?: string;
  /** Called with the app before it listens (tests add their checks). */
  prepareApp?: (app: Api) => void;
}

/** Opens the database, migrates it, and serves the API and web app; `close` stops everything in order. */
export async function startRapport(options: StartOptions): Promise<RunningRapport> {
  const { config } = options;
  const database = options.database ?? (await openDatabase(databaseTarget(config)));
  try {
    await migrate(database.db);
    await options.beforeListen?.(database);
    const app = await buildApp({
      database,
      config,
      webDist: options.webDist,
      logger: serverLogger(config.logLevel),
    });
    options.prepareApp?.(app);
    const jobs = new JobRunner(database.db, options.jobHandlers ?? allJobHandlers(), {
      workerId: `${os.hostname()}:${process.pid}`,
    });
    await app.listen({ port: config.port, host: config.host });
    jobs.start();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return {
      app,
      database,
      jobs,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      close: async () => {
        await jobs.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
