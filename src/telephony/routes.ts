import { actorOf, type Api, AppError, type RouteDeps } from '../platform/index';
import { receiveCall } from './calls';
import { openEventStream, parseLastEventId, StreamCaps, type StreamOptions } from './event-stream';
import { type LiveEventHub, LiveEvents } from './live-events';
import { CallAnswer, EventStream, EventsQuery, IncomingCall } from './schema';
import { SharedLiveEvents } from './shared-live-events';

/** Incoming calls (caller lookup and screen pop) and each user's live event stream. */
export function registerTelephonyRoutes(
  app: Api,
  { db, database, config }: RouteDeps,
  stream: StreamOptions = {},
): LiveEventHub {
  // On a server, through the database, so that every process sharing it delivers them; the embedded
  // database is one process.
  const events: LiveEventHub =
    database?.kind === 'postgres'
      ? new SharedLiveEvents(database, { onError: (error) => app.log.warn({ err: error }, 'live events') })
      : new LiveEvents();
  app.addHook('onReady', () => events.ready());
  // Streams held open in this process (each process counts its own).
  const caps = new StreamCaps({ perUser: config.streamsPerUser, perWorkspace: config.streamsPerWorkspace });
  // Open streams never go idle: end them first, or closing the server would wait for them forever.
  app.addHook('preClose', async () => events.close());

  app.post(
    '/api/telephony/calls',
    {
      schema: {
        tags: ['telephony'],
        summary:
          "An incoming call from a phone system: finds the caller by exact phone number, logs the call on the caller's " +
          "timeline and pops it on the agent's live stream (GET /api/events); an unknown number pops a new caller",
        body: IncomingCall,
        response: { 200: CallAnswer },
      },
    },
    async (request) => receiveCall(db, actorOf(request), request.body, events),
  );

  app.get(
    '/api/events',
    {
      schema: {
        tags: ['telephony'],
        summary:
          "The caller's live events as server-sent events (text/event-stream): `call` for a screen pop, and a `ping` " +
          'event (data {}, no id) every 15 s, so a client that hears nothing for longer knows the connection is dead. ' +
          'To get the events missed while disconnected, reconnect with the id of the last event seen, as the ' +
          'Last-Event-ID header (what EventSource sends on its own retries) or the lastEventId parameter (for a new ' +
          'EventSource); the header wins when both are sent. 429 when the user (STREAMS_PER_USER, default 10) or the ' +
          'workspace (STREAMS_PER_WORKSPACE, default 500) already has that many streams open in this server',
        querystring: EventsQuery,
        produces: ['text/event-stream'],
        response: { 200: EventStream },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const place = caps.open(actor);
      if ('full' in place) {
        throw new AppError(
          'rate_limited',
          place.full === 'user'
            ? `You have ${caps.caps.perUser} live streams open already (other tabs or windows): close one first`
            : `This workspace has ${caps.caps.perWorkspace} live streams open already: try again later`,
          undefined,
          { retryAfter: 30 },
        );
      }
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      res.flushHeaders();
      request.raw.socket.setNoDelay(true);
      // EventSource's own retries send the header, newer than the parameter of the URL it first opened.
      const lastEventId =
        parseLastEventId(request.headers['last-event-id']) ?? parseLastEventId(request.query.lastEventId);
      const stop = openEventStream(res, events, actor, { ...stream, lastEventId });
      res.on('close', () => {
        stop();
        place.release();
      });
    },
  );
  return events;
}
