import { Type } from 'typebox';
import { AppError, type Api, NoContent, type RouteDeps } from '../../platform/index';
import { LeadCaptureQueue } from './capture-queue';
import { findFormByKey, type PublicForm } from './forms';
import { FormLimits, isBot, readPostedLead } from './public-form';
import { FormAnswer, FormKeyParams } from './schema';

const FORM_BODY_LIMIT = 64 * 1024;
const PostedFields = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
  description:
    'firstName (first_name), lastName (last_name) or name, email, phone, company, jobTitle, website, message, ' +
    'campaign; other fields are ignored. Form encoding or JSON.',
});

/**
 * The public web form endpoint a site posts leads to: no session, only the form's key. It answers
 * `{"status":"received"}` (or a redirect for a plain HTML form with a redirect URL) and nothing about
 * the workspace; a bot that fills the honeypot field gets the same answer and nothing is stored. Posts
 * are limited per form and per address (429 with Retry-After); a script on the form's site may post
 * (CORS for that one origin).
 */
export function registerPublicFormRoutes(app: Api, { db }: RouteDeps): void {
  const queue = new LeadCaptureQueue(db);
  const limits = new FormLimits();
  app.register(async (plugin) => {
    // Form encoding is parsed for these routes only.
    const scope = plugin as unknown as Api;
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    scope.options(
      '/api/public/forms/:key/leads',
      {
        schema: {
          tags: ['sales'],
          security: [],
          summary: 'CORS preflight for the form’s site',
          params: FormKeyParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        const form = await findFormByKey(db, request.params.key);
        if (form && allowCors(form, request.headers.origin, reply)) {
          reply.header('access-control-allow-methods', 'POST');
          reply.header('access-control-allow-headers', 'content-type');
          reply.header('access-control-max-age', '600');
        }
        return reply.code(204).send();
      },
    );
    scope.post(
      '/api/public/forms/:key/leads',
      {
        bodyLimit: FORM_BODY_LIMIT,
        schema: {
          tags: ['sales'],
          security: [],
          summary:
            'Capture a lead from a site’s form (no session: the form key). Limited per form and per address; the ' +
            'honeypot field must stay empty',
          params: FormKeyParams,
          body: PostedFields,
          response: {
            200: FormAnswer,
            303: Type.Null({ description: 'A plain HTML form post, to the form’s redirect URL' }),
          },
        },
      },
      async (request, reply) => {
        const form = await findFormByKey(db, request.params.key);
        if (!form) throw new AppError('not_found', 'No such form');
        // Another site's page may not post here; an opaque origin ("null": a privacy setting, a sandboxed
        // frame) or none (a server) may, as CORS lets no script read the answer then.
        const origin = request.headers.origin;
        if (origin && origin !== 'null' && form.allowedOrigin !== null && !allowCors(form, origin, reply))
          throw new AppError('forbidden', 'This form does not take posts from that site');
        limits.hit(form, request.ip);
        const plainForm =
          request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ?? false;
        if (!isBot(request.body, form)) {
          const outcome = await queue.submit(form.workspaceId, readPostedLead(request.body, form));
          if (!outcome.ok)
            throw new AppError('validation_failed', `${outcome.field}: ${outcome.reason}`, outcome.field);
        }
        if (plainForm && form.redirectUrl) return reply.redirect(form.redirectUrl, 303);
        return { status: 'received' as const };
      },
    );
  });
}

/** Sets the CORS headers when the request comes from the form's site; says whether it does. */
function allowCors(
  form: PublicForm,
  origin: string | undefined,
  reply: { header(k: string, v: string): unknown },
): boolean {
  reply.header('vary', 'origin');
  if (!origin || !form.allowedOrigin || origin.toLowerCase() !== form.allowedOrigin.toLowerCase())
    return false;
  reply.header('access-control-allow-origin', form.allowedOrigin);
  return true;
}
