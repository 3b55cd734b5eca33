/** Telephony: incoming calls (caller lookup, screen pop, the call logged) and each user's live event stream. */
export { receiveCall } from './calls';
export { erasePersonLiveEvents } from './erase';
export { formatEvent, HEARTBEAT_MS, openEventStream } from './event-stream';
export { type LiveEvent, type LiveEventHub, LiveEvents } from './live-events';
export { registerTelephonyRoutes as registerRoutes } from './routes';
// The API's request and response shapes (the web app's types).
export type { CallAnswer, IncomingCall, ScreenPop } from './schema';
