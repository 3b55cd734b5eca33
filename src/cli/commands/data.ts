import { seedWorkspace } from '../../demo/index';
import { migrate } from '../../db/index';
import { withDatabase } from '../context';
import { type CliIo, writeLine } from '../io';

export async function migrateCommand(io: CliIo) {
  await withDatabase(
    io,
    async ({ db }) => {
      const result = await migrate(db);
      for (const index of result.reindexed)
        writeLine(io.stdout, `Index ${index} rebuilt: a function it is built on changed`);
      writeLine(
        io.stdout,
        result.applied.length === 0 && result.functions.length === 0
          ? `Schema is up to date (${result.schemaVersion})`
          : `Applied ${result.applied.length} migration(s) and ${result.functions.length} function file(s); ` +
              `schema version ${result.schemaVersion}`,
      );
    },
    { migrate: false },
  );
}

export async function seedCommand(
  options: {
    size: 'small' | 'medium' | 'large';
    workspace: string;
    seed: number;
  },
  io: CliIo,
) {
  await withDatabase(io, async (database) => {
    const result = await seedWorkspace(database, {
      size: options.size,
      seed: options.seed,
      workspaceSlug: options.workspace,
      onProgress: (table, rows) => io.stderr.write(`\r${table}: ${rows.toLocaleString('en-US')} rows   `),
    });
    io.stderr.write('\n');
    const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
    for (const [table, n] of Object.entries(result.counts))
      writeLine(io.stdout, `${table.padEnd(14)} ${n.toLocaleString('en-US')}`);
    writeLine(
      io.stdout,
      `Seeded ${total.toLocaleString('en-US')} rows in ${(result.elapsedMs / 1000).toFixed(1)} s ` +
        `(${Math.round(total / (result.elapsedMs / 1000)).toLocaleString('en-US')} rows/s)`,
    );
  });
}
