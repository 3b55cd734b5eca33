/** Telephony: incoming calls (caller lookup, screen pop, the call logged) and each user's live event stream. */
export { type CallAnswer, type IncomingCall, receiveCall, type ScreenPop } from './calls';
export { formatEvent, HEARTBEAT_MS, openEventStream } from './event-stream';
export { type LiveEvent, type LiveEventHub, LiveEvents } from './live-events';
export { registerTelephonyRoutes as registerRoutes } from './routes';
