import { actorOf, type Api, type RouteDeps } from '../../platform/index';
import { IdParams } from '../pipeline/schema';
import { convertLead } from './convert';
import { createLeadForm, listLeadForms, updateLeadForm } from './forms';
import { createLead, getLead, listLeads, updateLead } from './leads';
import { registerPublicFormRoutes } from './public-routes';
import {
  Conversion,
  ConvertInput,
  LeadCreate,
  LeadFormCreate,
  LeadFormList,
  LeadFormUpdate,
  LeadFormView,
  LeadPage,
  LeadQuery,
  LeadUpdate,
  LeadView,
} from './schema';

const tags = ['sales'];

/** Leads (capture, list, work, convert), the web forms that capture them, and the forms' public endpoint. */
export function registerLeadRoutes(app: Api, deps: RouteDeps): void {
  const { db } = deps;
  app.post(
    '/api/leads',
    {
      schema: {
        tags,
        summary:
          'Capture a lead; an email or phone finds (or makes) its person. 200 with the first lead when its ' +
          'idempotencyKey was used before',
        body: LeadCreate,
        response: { 200: LeadView, 201: LeadView },
      },
    },
    async (request, reply) => {
      const { created, lead } = await createLead(db, actorOf(request), request.body);
      return reply.code(created ? 201 : 200).send(lead);
    },
  );
  app.get(
    '/api/leads',
    {
      schema: {
        tags,
        summary:
          'Leads newest first, a page at a time; filter by status, owner, source, converted, name prefix',
        querystring: LeadQuery,
        response: { 200: LeadPage },
      },
    },
    async (request) => listLeads(db, actorOf(request), request.query),
  );
  app.get(
    '/api/leads/:id',
    { schema: { tags, summary: 'A lead', params: IdParams, response: { 200: LeadView } } },
    async (request) => getLead(db, actorOf(request), request.params.id),
  );
  app.patch(
    '/api/leads/:id',
    {
      schema: {
        tags,
        summary: 'Work a lead: its fields, owner and status (working, qualified, disqualified with a reason)',
        params: IdParams,
        body: LeadUpdate,
        response: { 200: LeadView },
      },
    },
    async (request) => updateLead(db, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/api/leads/:id/convert',
    {
      schema: {
        tags,
        summary:
          'Convert a lead: its person and account (found or made) and a new opportunity, in one step; 409 when ' +
          'converted already',
        params: IdParams,
        body: ConvertInput,
        response: { 201: Conversion },
      },
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) =>
      reply.code(201).send(await convertLead(db, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/lead-forms',
    {
      schema: {
        tags,
        summary: 'The web forms that capture leads, with their keys',
        response: { 200: LeadFormList },
      },
    },
    async (request) => listLeadForms(db, actorOf(request)),
  );
  app.post(
    '/api/lead-forms',
    {
      schema: {
        tags,
        summary: 'Add a web form: its key, the site allowed to post from scripts, honeypot field, limits',
        body: LeadFormCreate,
        response: { 201: LeadFormView },
      },
    },
    async (request, reply) => reply.code(201).send(await createLeadForm(db, actorOf(request), request.body)),
  );
  app.patch(
    '/api/lead-forms/:id',
    {
      schema: {
        tags,
        summary: 'Change a web form',
        params: IdParams,
        body: LeadFormUpdate,
        response: { 200: LeadFormView },
      },
    },
    async (request) => updateLeadForm(db, actorOf(request), request.params.id, request.body),
  );
  registerPublicFormRoutes(app, deps);
}
