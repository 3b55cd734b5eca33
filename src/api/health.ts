import { Type } from 'typebox';
import type { Database } from '../db/index';
import { readSchemaVersion } from '../db/index';
import type { Api } from '../platform/index';

export function registerHealthRoutes(app: Api, database: Database): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness, database kind and schema version',
        security: [],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.String(),
            schemaVersion: Type.String(),
          }),
        },
      },
    },
    async () => ({
      status: 'ok' as const,
      database: database.kind,
      schemaVersion: (await readSchemaVersion(database.db)) ?? 'none',
    }),
  );
}
