export type { InteractionInput } from './input';
export {
  ingestChunk,
  ingestInteractions,
  MAX_BULK_ITEMS,
  recordInteraction,
} from './ingest';
export { CHANNELS, type Channel, DIRECTIONS, type Direction, type LinkExplanation } from './tables';
export { registerInteractionRoutes as registerRoutes } from './routes';
export { ingestInteractionStream, type StreamLine } from './stream';
export { getTimeline, type TimelineQuery } from './timeline';
// The API's request and response shapes (the web app's types).
export type { NewInteraction, RecordedInteraction, TimelineItem, TimelinePage } from './schema';
export { erasePersonInteractions } from './erase';
