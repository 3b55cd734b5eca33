import { type Static, Type } from 'typebox';
import { DateTime, Enum, Items, Strict, Uuid } from '../../platform/index';
import { BULK_LIMIT } from './bulk-update';
import { VIEW_OBJECT_TYPES } from './saved-views';

/** The request and response shapes of the list routes: bulk changes, tags, saved views. */

export const ListObjectType = Enum(VIEW_OBJECT_TYPES);
export type ListObjectType = Static<typeof ListObjectType>;
export const ObjectTypeQuery = Type.Object({ objectType: ListObjectType }, Strict);
export const Tag = Type.String({ minLength: 1, maxLength: 50 });

/** A list's query parameters, as GET /api/people or GET /api/accounts take them. */
export const ListFilters = Type.Record(
  Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.]{0,120}$' }),
  Type.String({ maxLength: 1000 }),
);

export const BulkUpdateInput = Type.Object(
  {
    ids: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: BULK_LIMIT })),
    filter: Type.Optional(ListFilters),
    ownerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    addTags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
    removeTags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
  },
  Strict,
);
export type BulkUpdateInput = Static<typeof BulkUpdateInput>;
export const BulkUpdateResult = Type.Object({
  matched: Type.Integer({ description: 'Records named by ids or matched by the filter' }),
  updated: Type.Integer({ description: 'Records changed (owner or tags)' }),
  refused: Type.Integer({
    description: 'Records left alone: your role may not update them, or they are gone',
  }),
});
export type BulkUpdateResult = Static<typeof BulkUpdateResult>;

export const TagUse = Type.Object({ tag: Type.String(), count: Type.Integer() });
export type TagUse = Static<typeof TagUse>;
export const TagsInUse = Items(TagUse, 'Most used first');
export const TagsLookup = Type.Object(
  { objectType: ListObjectType, ids: Type.Array(Uuid, { maxItems: 500 }) },
  Strict,
);
export const TagsById = Type.Object({
  tags: Type.Record(Type.String(), Type.Array(Type.String()), { description: 'Record id -> its tags' }),
});
export type TagsById = Static<typeof TagsById>;

export const ViewDefinition = Type.Object(
  {
    filters: ListFilters,
    sort: Type.Optional(Type.String({ maxLength: 50 })),
    columns: Type.Optional(Type.Array(Type.String({ maxLength: 120 }), { maxItems: 50 })),
  },
  Strict,
);
export type ViewDefinition = Static<typeof ViewDefinition>;
export const ViewCreate = Type.Object(
  {
    objectType: ListObjectType,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    shared: Type.Optional(Type.Boolean()),
    definition: ViewDefinition,
  },
  Strict,
);
export type ViewCreate = Static<typeof ViewCreate>;
export const ViewUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    shared: Type.Optional(Type.Boolean()),
    definition: Type.Optional(ViewDefinition),
  },
  Strict,
);

export const SavedView = Type.Object({
  id: Uuid,
  objectType: ListObjectType,
  name: Type.String(),
  shared: Type.Boolean({ description: 'Visible to the whole workspace' }),
  userId: Uuid,
  mine: Type.Boolean({ description: 'Saved by the caller, who alone may change it' }),
  definition: ViewDefinition,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type SavedView = Static<typeof SavedView>;
export const SavedViews = Items(SavedView);
