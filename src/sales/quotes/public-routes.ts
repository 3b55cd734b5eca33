import { AppError, type Api, RateLimiter, type RouteDeps } from '../../platform/index';
import { acceptQuoteByToken, declineQuoteByToken } from './accept';
import { getPublicLogo, getPublicQuote, publicView, renderPublicQuote } from './documents';
import { AcceptInput, Binary, DeclineInput, PublicQuote, TokenParams } from './schema';

/** Calls per minute to the public quote pages: per address, and per link. */
const PER_ADDRESS = 120;
const PER_LINK = 60;

/**
 * The customer's side of a quote, through its link only (no session): the quote (no ids, nothing else
 * of the workspace than its name and logo), its PDF, accept and decline. Limited per address and per
 * link (429 with Retry-After).
 */
export function registerPublicQuoteRoutes(app: Api, { db }: { db: RouteDeps['db'] }): void {
  const byAddress = new RateLimiter(PER_ADDRESS, 60_000);
  const byLink = new RateLimiter(PER_LINK, 60_000);
  const limit = (address: string, token: string) => {
    const wait = Math.max(byAddress.retryAfter(address), byLink.retryAfter(token));
    if (wait > 0)
      throw new AppError('rate_limited', `Too many requests; try again in ${wait} s`, undefined, {
        retryAfter: wait,
      });
    byAddress.hit(address);
    byLink.hit(token);
  };
  const tags = ['sales'];
  app.get(
    '/api/public/quotes/:token',
    {
      schema: {
        tags,
        security: [],
        summary: 'A quote through its link: lines, totals, validity, terms and where it stands',
        params: TokenParams,
        response: { 200: PublicQuote },
      },
    },
    async (request, reply) => {
      limit(request.ip, request.params.token);
      reply.header('cache-control', 'no-store');
      return getPublicQuote(db, request.params.token);
    },
  );
  app.post(
    '/api/public/quotes/:token/accept',
    {
      schema: {
        tags,
        security: [],
        summary:
          'Accept the quote (the revision shown, signed with a name): the order is created once, however often this is sent',
        params: TokenParams,
        body: AcceptInput,
        response: { 200: PublicQuote },
      },
    },
    async (request) => {
      limit(request.ip, request.params.token);
      return publicView(db, await acceptQuoteByToken(db, request.params.token, request.body));
    },
  );
  app.post(
    '/api/public/quotes/:token/decline',
    {
      schema: {
        tags,
        security: [],
        summary: 'Decline the quote',
        params: TokenParams,
        body: DeclineInput,
        response: { 200: PublicQuote },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      limit(request.ip, request.params.token);
      return publicView(db, await declineQuoteByToken(db, request.params.token, request.body));
    },
  );
  app.get(
    '/api/public/quotes/:token/pdf',
    {
      schema: {
        tags,
        security: [],
        summary: 'The quote as a PDF',
        params: TokenParams,
        response: { 200: Binary('application/pdf') },
      },
    },
    async (request, reply) => {
      limit(request.ip, request.params.token);
      const { file, pdf } = await renderPublicQuote(db, request.params.token);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(pdf);
    },
  );
  app.get(
    '/api/public/quotes/:token/logo',
    {
      schema: {
        tags,
        security: [],
        summary: 'The seller’s logo',
        params: TokenParams,
        response: { 200: Binary('image/png or image/jpeg') },
      },
    },
    async (request, reply) => {
      limit(request.ip, request.params.token);
      const logo = await getPublicLogo(db, request.params.token);
      return reply.type(logo.type).header('cache-control', 'private, max-age=300').send(logo.data);
    },
  );
}
