import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { type Config, loadConfig } from '../config';
import type { Database } from '../db/index';
import * as analytics from '../analytics/index';
import * as customers from '../customers/index';
import * as imports from '../imports/index';
import * as interactions from '../interactions/index';
import * as platform from '../platform/index';
import { AppError, Authenticator } from '../platform/index';
import { type Api, ErrorBody } from '../platform/index';
import * as privacy from '../privacy/index';
import * as sales from '../sales/index';
import * as tasks from '../tasks/index';
import * as telephony from '../telephony/index';
import { authenticate } from './authenticate';
import { handleError } from './error-handler';
import { RequestLog } from './logging';
import { securityHeaders } from './security-headers';
import { registerHealthRoutes } from './health';
import { checkInputText, parseJsonAsUtf8, requireCaller } from './input-check';
import { registerFormats, validatorCompiler } from './validation';
import { requireResponseSchemas } from './route-schemas';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppOptions {
  database: Database;
  /** Settings (src/config.ts); the defaults when not given. */
  config?: Config;
  logger?: FastifyServerOptions['logger'];
  /** Where the built web app is; the API still works when it is missing. */
  webDist?: string;
}

registerFormats();

export async function buildApp({
  database,
  config = loadConfig({}),
  logger = false,
  webDist = WEB_DIST,
}: AppOptions): Promise<Api> {
  const app: Api = Fastify({
    logger,
    // One line per request instead of two (src/api/logging.ts).
    logController: new RequestLog(),
    bodyLimit: BODY_LIMIT_BYTES,
    // Forwarded addresses and protocols are believed only from the proxies the settings name.
    trustProxy: trustedProxies(config),
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false } },
    // Errors the router raises before any hook (a URL that is not validly percent-encoded, an
    // over-long path parameter) in the one error shape.
    frameworkErrors: (err, request, reply) => handleError(err, request, reply),
  }).withTypeProvider();
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(handleError);
  parseJsonAsUtf8(app);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('sessionCsrfToken', undefined);
  app.decorateRequest('session', undefined);
  app.addHook('onRequest', securityHeaders(config));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(cookie);
  app.addSchema(ErrorBody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Rapport API',
        version: '0.1.0',
        description: 'Customer relationship management: operational and analytical',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `rapport token create`' },
          session: { type: 'apiKey', in: 'cookie', name: 'rapport_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // From here on, an API route without a declared answer cannot be registered (the app does not start).
  requireResponseSchemas(app);

  const authenticator = new Authenticator(database.db);
  // Last, after the server stopped taking requests: the tokens' last use still waiting is written.
  app.addHook('onClose', () => authenticator.close());
  // Who is calling is known (or refused) before the request is parsed or validated.
  app.addHook('onRequest', authenticate(authenticator));
  app.addHook('onRequest', requireCaller);
  app.addHook('preValidation', checkInputText);
  registerHealthRoutes(app, database);
  const deps = { db: database.db, database, config };
  for (const slice of [
    platform,
    analytics,
    customers,
    interactions,
    sales,
    telephony,
    tasks,
    privacy,
    imports,
  ]) {
    slice.registerRoutes(app, deps);
  }

  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    // Files are looked up per request (not listed at start), so a rebuilt web app is served at once.
    await app.register(fastifyStatic, { root: webDist, wildcard: true });
  }
  app.setNotFoundHandler((request, reply) => {
    if (
      request.url.startsWith('/api/') ||
      request.method !== 'GET' ||
      // A missing asset is a 404, not the app page (which a browser would then fail to run as a script).
      /\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '') ||
      !fs.existsSync(path.join(webDist, 'index.html'))
    ) {
      throw new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
    }
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}

/** Fastify's form of TRUST_PROXY: nothing, the nearest n hops, or these addresses and ranges. */
function trustedProxies(config: Config): boolean | string[] | ((address: string, hop: number) => boolean) {
  const trust = config.trustProxy;
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return [...trust];
}
