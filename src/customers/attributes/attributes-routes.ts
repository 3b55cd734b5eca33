import { Type } from 'typebox';
import { actorOf, type Api, IdParams, type RouteDeps } from '../../platform/index';
import {
  createAttributeDefinition,
  deleteAttributeDefinition,
  listAttributeDefinitions,
  updateAttributeDefinition,
} from './attributes';
import { ATTRIBUTE_OBJECT_TYPES, ATTRIBUTE_TYPES } from '../tables';

const Strict = { additionalProperties: false } as const;
const ObjectType = Type.Union(ATTRIBUTE_OBJECT_TYPES.map((t) => Type.Literal(t)));
const Options = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 500 });

/** The workspace's custom attributes of people and accounts. */
export function registerAttributeRoutes(app: Api, { db }: RouteDeps): void {
  app.get(
    '/api/attributes',
    {
      schema: {
        tags: ['customers'],
        summary: 'Custom attribute definitions of people and accounts',
        querystring: Type.Object({ objectType: Type.Optional(ObjectType) }, Strict),
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
        body: Type.Object(
          {
            objectType: ObjectType,
            key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }),
            label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            type: Type.Union(ATTRIBUTE_TYPES.map((t) => Type.Literal(t))),
            options: Type.Optional(Options),
            required: Type.Optional(Type.Boolean()),
          },
          Strict,
        ),
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
        body: Type.Object(
          {
            label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            options: Type.Optional(Options),
            required: Type.Optional(Type.Boolean()),
          },
          Strict,
        ),
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
      },
    },
    async (request, reply) => {
      await deleteAttributeDefinition(db, actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  );
}
