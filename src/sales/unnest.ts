// Moved to src/db/unnest.ts: bulk inserts are shared by every slice.
export { type BulkColumn, unnestInsert } from '../db/index';
