// ingestChunk is the interactions slice's own chunk ingest, run inside the caller's transaction; its
// index.ts exports only the self-committing entry points, and an import must commit its checkpoint
// with each chunk, hence this one deep import.
import { ingestChunk } from '../interactions/index';
import { authorize } from '../platform/index';
import { INTERACTION_KEYS, type InteractionRowInput, interactionsReader } from './interactions-rows';
import type { ImportKind, LoadRejection } from './kind';

/**
 * Interaction files: each chunk goes through the same ingest as `POST /api/interactions/bulk`
 * (identity resolution, idempotency keys, per-item audit), inside the import's transaction.
 * A line whose key is already stored counts as `duplicate`.
 */
export const interactionsImport: ImportKind<InteractionRowInput> = {
  name: 'interactions',
  keys: INTERACTION_KEYS,
  countNames: ['created', 'duplicate', 'rejected'],
  auditObject: 'interaction_imports',
  authorize(actor) {
    authorize(actor, 'interactions', 'create');
  },
  reader: interactionsReader,
  async load(trx, actor, rows, ctx) {
    const results = await ingestChunk(
      trx,
      actor,
      rows.map((r) => r.input),
      { region: ctx.region, keyRequired: true },
    );
    const counts = { created: 0, duplicate: 0, rejected: 0 };
    const rejected: LoadRejection[] = [];
    results.forEach((r, index) => {
      counts[r.status]++;
      if (r.status === 'rejected')
        rejected.push({ index, field: r.error?.field ?? '', reason: r.error?.message ?? 'rejected' });
    });
    return { counts, rejected };
  },
};
