import { Type } from 'typebox';
import { actorOf, AppError, type Api, documentedBody, type RouteDeps } from '../../platform/index';
import { IdParams, Items } from '../pipeline/schema';
import { acceptQuote } from './accept';
import { getQuoteLogo, MAX_LOGO_BYTES, removeQuoteLogo, renderQuote, setQuoteLogo } from './documents';
import { registerPublicQuoteRoutes } from './public-routes';
import { createQuote, createQuoteLink, getQuote, listQuotes, markQuoteSent, reviseQuote } from './quotes';
import {
  AcceptInput,
  Binary,
  LinkInput,
  QuoteDraft,
  QuoteLink,
  QuoteSummary,
  QuoteView,
  RevisionQuery,
} from './schema';

const tags = ['sales'];
const NoContent = Type.Unsafe<undefined>({ type: 'null', description: 'No content' });

/** Quotes (proposals) of opportunities: revisions, PDF, sending, the acceptance link, the logo. */
export function registerQuoteRoutes(app: Api, deps: RouteDeps): void {
  const { db } = deps;
  app.post(
    '/api/opportunities/:id/quotes',
    {
      schema: {
        tags,
        summary:
          'Make a quote from the opportunity’s lines (or the lines given): revision 1, with validity and terms; ' +
          'the opportunity needs its contact person',
        params: IdParams,
        body: QuoteDraft,
        response: { 201: QuoteView },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createQuote(db, actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/api/opportunities/:id/quotes',
    {
      schema: {
        tags,
        summary: 'An opportunity’s quotes, newest first',
        params: IdParams,
        response: { 200: Items(QuoteSummary) },
      },
    },
    async (request) => listQuotes(db, actorOf(request), request.params.id),
  );
  app.get(
    '/api/quotes/:id',
    {
      schema: {
        tags,
        summary: 'A quote with one revision’s lines (default: the latest) and the list of its revisions',
        params: IdParams,
        querystring: RevisionQuery,
        response: { 200: QuoteView },
      },
    },
    async (request) => getQuote(db, actorOf(request), request.params.id, request.query.revision),
  );
  app.post(
    '/api/quotes/:id/revisions',
    {
      schema: {
        tags,
        summary: 'Revise a draft or sent quote: a new revision (earlier ones are kept)',
        params: IdParams,
        body: QuoteDraft,
        response: { 201: QuoteView },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) =>
      reply.code(201).send(await reviseQuote(db, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/quotes/:id/send',
    {
      schema: {
        tags,
        summary: 'Mark the quote sent (a proposal given; so does making its link)',
        params: IdParams,
        response: { 200: QuoteView },
      },
    },
    async (request) => markQuoteSent(db, actorOf(request), request.params.id),
  );
  app.post(
    '/api/quotes/:id/link',
    {
      schema: {
        tags,
        summary:
          'Make the public acceptance link (a new one ends the old); the token is shown once. Sends the quote',
        params: IdParams,
        body: LinkInput,
        response: { 201: QuoteLink },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createQuoteLink(db, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/quotes/:id/accept',
    {
      schema: {
        tags,
        summary:
          'Record the customer’s acceptance given another way: the opportunity is won and the order created, once',
        params: IdParams,
        body: AcceptInput,
        response: { 200: QuoteView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await acceptQuote(db, actor, request.params.id, request.body);
      return getQuote(db, actor, request.params.id);
    },
  );
  app.get(
    '/api/quotes/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The quote as a PDF (a revision, default the latest)',
        params: IdParams,
        querystring: RevisionQuery,
        response: { 200: Binary('application/pdf') },
      },
    },
    async (request, reply) => {
      const { file, pdf } = await renderQuote(
        db,
        actorOf(request),
        request.params.id,
        request.query.revision,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(pdf);
    },
  );

  app.register(async (plugin) => {
    // Images are read as they come, for this route only.
    const scope = plugin as unknown as Api;
    scope.addContentTypeParser(
      ['image/png', 'image/jpeg'],
      { parseAs: 'buffer', bodyLimit: MAX_LOGO_BYTES },
      (_r, body, done) => done(null, body),
    );
    scope.put(
      '/api/quote-settings/logo',
      {
        bodyLimit: MAX_LOGO_BYTES,
        validatorCompiler: documentedBody,
        schema: {
          tags,
          summary:
            'Set the logo printed on quotes: the image itself as the body (image/png or image/jpeg, 512 KB at most)',
          consumes: ['image/png', 'image/jpeg'],
          body: Type.Unsafe<Buffer>({
            type: 'string',
            format: 'binary',
            description: 'The PNG or JPEG image',
          }),
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('unsupported_media_type', 'Send the logo as image/png or image/jpeg', 'logo');
        await setQuoteLogo(
          db,
          actorOf(request),
          request.headers['content-type']?.split(';')[0] ?? '',
          request.body,
        );
        return reply.code(204).send();
      },
    );
  });
  app.get(
    '/api/quote-settings/logo',
    {
      schema: {
        tags,
        summary: 'The logo printed on quotes',
        response: { 200: Binary('image/png or image/jpeg') },
      },
    },
    async (request, reply) => {
      const logo = await getQuoteLogo(db, actorOf(request));
      return reply.type(logo.type).header('cache-control', 'private, no-cache').send(logo.data);
    },
  );
  app.delete(
    '/api/quote-settings/logo',
    { schema: { tags, summary: 'Remove the logo', response: { 204: NoContent } } },
    async (request, reply) => {
      await removeQuoteLogo(db, actorOf(request));
      return reply.code(204).send();
    },
  );
  registerPublicQuoteRoutes(app, deps);
}
