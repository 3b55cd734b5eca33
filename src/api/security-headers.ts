import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Config } from '../config';

const policy = (directives: Record<string, string>) =>
  Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

/**
 * The web app's Content-Security-Policy: its own scripts, styles, images and API only; no inline
 * script, no plugins, no framing (the built app has no inline script or style element: React sets
 * styles through the DOM, which a policy does not restrict).
 */
export const APP_POLICY = policy({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
});

/** The API documentation (Swagger UI) sets styles inline: allowed there, and only there. */
export const DOCS_POLICY = policy({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
});

/** API answers are data, never a page to render. */
export const API_POLICY = policy({ 'default-src': "'none'", 'frame-ancestors': "'none'" });

/**
 * Security headers on every answer: the policy for what is answered (app, API documentation, API),
 * no MIME sniffing, no framing (also for old browsers), no referrer (reset links carry a token in
 * their address), and Strict-Transport-Security when Rapport is served over https (PUBLIC_URL).
 */
export function securityHeaders(config: Config) {
  const hsts = config.publicUrl?.startsWith('https:') ? 'max-age=31536000' : undefined;
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const url = request.url;
    const docs = url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?');
    reply.header(
      'content-security-policy',
      docs ? DOCS_POLICY : url.startsWith('/api/') ? API_POLICY : APP_POLICY,
    );
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (hsts) reply.header('strict-transport-security', hsts);
    done();
  };
}
