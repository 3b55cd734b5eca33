import { type Static, Type } from 'typebox';
import { CursorPage, DateTime, JsonObject, Nullable, Strict, Uuid } from '../../platform/index';
import { LifecycleStage } from '../people/schema';

/** The request and response shapes of the account routes: accounts (companies) and their members. */

const NullableText = (max: number) => Type.Optional(Nullable(Type.String({ maxLength: max })));
const Name = Type.String({ minLength: 1, maxLength: 300 });
const fields = {
  domain: NullableText(253),
  industry: NullableText(200),
  size: NullableText(100),
  ownerId: Type.Optional(Nullable(Uuid)),
  teamId: Type.Optional(Nullable(Uuid)),
  attributes: Type.Optional(Type.Record(Type.String({ maxLength: 63 }), Type.Unknown())),
};
export const AccountCreate = Type.Object({ name: Name, ...fields }, Strict);
export type AccountCreate = Static<typeof AccountCreate>;
export const AccountUpdate = Type.Object({ name: Type.Optional(Name), ...fields }, Strict);
export type AccountUpdate = Static<typeof AccountUpdate>;

export const Account = Type.Object({
  id: Uuid,
  name: Type.String(),
  domain: Nullable(Type.String()),
  industry: Nullable(Type.String()),
  size: Nullable(Type.String()),
  ownerId: Nullable(Uuid),
  teamId: Nullable(Uuid),
  attributes: JsonObject,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Account = Static<typeof Account>;

export const AccountsPage = CursorPage(
  Type.Object({ ...Account.properties, tags: Type.Array(Type.String()) }),
);
export type AccountsPage = Static<typeof AccountsPage>;

const Role = Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 })));
const Since = Type.Optional(
  Type.String({ format: 'date-time', description: 'When they joined; default now' }),
);
export const MemberParams = Type.Object({ id: Uuid, personId: Uuid }, Strict);
export const MemberAdd = Type.Object({ personId: Uuid, role: Role, since: Since }, Strict);
export type MemberAdd = Static<typeof MemberAdd>;
export const MemberUpdate = Type.Object({ role: Role, since: Since }, Strict);
export const MembersQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  Strict,
);

/** A person's place in an account. */
export const Membership = Type.Object({
  accountId: Uuid,
  personId: Uuid,
  role: Nullable(Type.String({ description: 'e.g. buyer, decision maker' })),
  since: DateTime,
});
export type Membership = Static<typeof Membership>;

export const MembersPage = CursorPage(
  Type.Object({ ...Membership.properties, displayName: Type.String(), lifecycleStage: LifecycleStage }),
);
export type MembersPage = Static<typeof MembersPage>;
