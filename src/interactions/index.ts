export type { InteractionInput } from './input';
export {
  type ItemResult,
  ingestInteractions,
  MAX_BULK_ITEMS,
  type RecordedInteraction,
  recordInteraction,
} from './ingest';
export { CHANNELS, type Channel, DIRECTIONS, type Direction, type LinkExplanation } from './tables';
export { registerInteractionRoutes } from './routes';
export { ingestInteractionStream, type StreamLine } from './stream';
export { getTimeline, type TimelineItem, type TimelinePage, type TimelineQuery } from './timeline';
