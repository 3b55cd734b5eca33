export type { InteractionInput } from './input';
export {
  type ItemResult,
  ingestChunk,
  ingestInteractions,
  MAX_BULK_ITEMS,
  type RecordedInteraction,
  recordInteraction,
} from './ingest';
export { CHANNELS, type Channel, DIRECTIONS, type Direction, type LinkExplanation } from './tables';
export { registerInteractionRoutes as registerRoutes } from './routes';
export { ingestInteractionStream, type StreamLine } from './stream';
export { getTimeline, type TimelineItem, type TimelinePage, type TimelineQuery } from './timeline';
export { erasePersonInteractions } from './erase';
