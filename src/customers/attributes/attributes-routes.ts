import { actorOf, type Api, IdParams, NoContent, type RouteDeps } from '../../platform/index';
import {
  createAttributeDefinition,
  deleteAttributeDefinition,
  listAttributeDefinitions,
  updateAttributeDefinition,
} from './attributes';
import {
  AttributeCreate,
  AttributeDefinition,
  AttributeDefinitions,
  AttributesQuery,
  AttributeUpdate,
} from './schema';

/** The workspace's custom attributes of people and accounts. */
export function registerAttributeRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/attributes',
    {
      schema: {
        tags: ['customers'],
        summary: 'Custom attribute definitions of people and accounts',
        querystring: AttributesQuery,
        response: { 200: AttributeDefinitions },
      },
    },
    async (request) => listAttributeDefinitions(db, actorOf(request), request.query),
  );
  app.post(
    '/api/attributes',
    {
      schema: {
        tags: ['customers'],
        summary:
          'Define a custom attribute (admins): key, label, type text|number|date|boolean|choice, choices, ' +
          'required; values are then checked on every create and update, and filterable as attr.<key>',
        body: AttributeCreate,
        response: { 201: AttributeDefinition },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createAttributeDefinition(db, actorOf(request), request.body)),
  );
  app.patch(
    '/api/attributes/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Change the label, choices or required flag of an attribute (the type is fixed)',
        params: IdParams,
        body: AttributeUpdate,
        response: { 200: AttributeDefinition },
      },
    },
    async (request) => updateAttributeDefinition(db, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/attributes/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Remove an attribute and its values from every record',
        params: IdParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deleteAttributeDefinition(db, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
}
