import { type Static, Type } from 'typebox';
import type { Database } from '../db/index';
import { readSchemaVersion } from '../db/index';
import type { Api } from '../platform/index';

export const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.String({ description: 'pglite (embedded) or postgres' }),
  schemaVersion: Type.String({ description: 'The last migration applied' }),
});
export type Health = Static<typeof Health>;

export function registerHealthRoutes(app: Api, database: Database): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness, database kind and schema version',
        security: [],
        response: { 200: Health },
      },
    },
    async () => ({
      status: 'ok' as const,
      database: database.kind,
      schemaVersion: (await readSchemaVersion(database.db)) ?? 'none',
    }),
  );
}
