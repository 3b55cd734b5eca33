import { inspect } from 'node:util';
import { DEMO_LOGIN, isDatabaseEmpty, seedWorkspace } from '../../demo/index';
import { startScoreSchedule } from '../../analytics/index';
import { startRapport } from '../../api/index';
import { startUploadExpiry } from '../../imports/index';
import { maintainTables, startEmbeddedMaintenance } from '../../db/index';
import { readConfig } from '../context';
import { type CliIo, writeLine } from '../io';

/** Starts the API and web app; on an empty database it first loads the small demo data set. */
export async function serve(options: { demo: boolean }, io: CliIo): Promise<void> {
  const say = (text: string) => writeLine(io.stdout, text);
  const config = readConfig(io);
  const started = Date.now();
  let seeded = false;
  const running = await startRapport({
    config,
    beforeListen: async (database) => {
      if (options.demo && (await isDatabaseEmpty(database))) {
        say('Empty database: loading the demo data set (small)...');
        const result = await seedWorkspace(database, { size: 'small' });
        const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
        say(
          `Demo data loaded: ${rows.toLocaleString('en-US')} rows in ${(result.elapsedMs / 1000).toFixed(1)} s`,
        );
        seeded = true;
      }
      // Before the first request: an embedded database's statistics (none after the seed) and dead rows.
      if (database.kind === 'pglite') await maintainTables(database.db);
    },
  });
  // Daily score recompute of every workspace (02:00 UTC; see src/analytics/jobs.ts).
  const scores = startScoreSchedule(running.database.db, (err) =>
    writeLine(io.stderr, `score schedule: ${inspect(err)}`),
  );
  // Uploads cut off by a crash or a client gone away: failed, their stored parts deleted.
  const uploads = startUploadExpiry(running.database.db, (err) =>
    writeLine(io.stderr, `upload expiry: ${inspect(err)}`),
  );
  // The embedded database has no autovacuum: vacuum and analyse changed tables as it would.
  const maintenance = startEmbeddedMaintenance(running.database, (err) =>
    writeLine(io.stderr, `database maintenance: ${inspect(err)}`),
  );
  const where = config.databaseUrl ? 'PostgreSQL server' : `embedded PostgreSQL in ${config.dataDir}`;
  say(`Rapport is running on ${running.url} (${where}), ready in ${Date.now() - started} ms`);
  if (seeded || options.demo) {
    say(
      `Demo login: workspace "${DEMO_LOGIN.workspace}", email ${DEMO_LOGIN.email}, password ${DEMO_LOGIN.password}`,
    );
  }
  const stop = async (signal: string) => {
    say(`\n${signal}: stopping Rapport...`);
    scores.stop();
    await uploads.stop();
    await maintenance.stop();
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
