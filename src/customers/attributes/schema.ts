import { type Static, Type } from 'typebox';
import { DateTime, Enum, Items, Nullable, Strict, Uuid } from '../../platform/index';
import { ATTRIBUTE_OBJECT_TYPES, ATTRIBUTE_TYPES } from '../tables';

/** The request and response shapes of the custom attribute routes. */

export const AttributeObjectType = Enum(ATTRIBUTE_OBJECT_TYPES);
export type AttributeObjectType = Static<typeof AttributeObjectType>;
export const AttributeType = Enum(ATTRIBUTE_TYPES);
export type AttributeType = Static<typeof AttributeType>;
const Options = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 500 });

export const AttributesQuery = Type.Object({ objectType: Type.Optional(AttributeObjectType) }, Strict);
export const AttributeCreate = Type.Object(
  {
    objectType: AttributeObjectType,
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' }),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    type: AttributeType,
    options: Type.Optional(Options),
    required: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type AttributeCreate = Static<typeof AttributeCreate>;
export const AttributeUpdate = Type.Object(
  {
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    options: Type.Optional(Options),
    required: Type.Optional(Type.Boolean()),
  },
  Strict,
);

export const AttributeDefinition = Type.Object({
  id: Uuid,
  objectType: AttributeObjectType,
  key: Type.String(),
  label: Type.String(),
  type: AttributeType,
  options: Nullable(Type.Array(Type.String()), { description: 'The choices of a choice attribute' }),
  required: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type AttributeDefinition = Static<typeof AttributeDefinition>;
export const AttributeDefinitions = Items(AttributeDefinition);
