import { type Static, Type } from 'typebox';
import { CursorPage, DateTime, Day, Enum, JsonObject, Nullable, Strict, Uuid } from '../../platform/index';
import { IDENTITY_KINDS } from '../identity/identities';
import { LIFECYCLE_STAGES } from '../tables';

/** The request and response shapes of the people routes; the other parts of the slice build on them. */

const Text = (max: number) => Type.String({ maxLength: max });
const NullableText = (max: number) => Type.Optional(Nullable(Text(max)));

export const LifecycleStage = Enum(LIFECYCLE_STAGES);
export type LifecycleStage = Static<typeof LifecycleStage>;
export const IdentityKind = Enum(IDENTITY_KINDS);
export type IdentityKind = Static<typeof IdentityKind>;

export const Address = Type.Object(
  {
    line1: Type.Optional(Text(200)),
    line2: Type.Optional(Text(200)),
    city: Type.Optional(Text(100)),
    region: Type.Optional(Text(100)),
    postcode: Type.Optional(Text(20)),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  Strict,
);
export type Address = Static<typeof Address>;

export const IdentityInput = Type.Object(
  { kind: IdentityKind, value: Type.String({ minLength: 1, maxLength: 320 }) },
  Strict,
);
export type IdentityInput = Static<typeof IdentityInput>;

const personFields = {
  firstName: NullableText(200),
  lastName: NullableText(200),
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  birthday: Type.Optional(Nullable(Day)),
  address: Type.Optional(Nullable(Address)),
  language: Type.Optional(
    Nullable(Type.String({ maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' })),
  ),
  notes: NullableText(10_000),
  ownerId: Type.Optional(Nullable(Uuid)),
  teamId: Type.Optional(Nullable(Uuid)),
  lifecycleStage: Type.Optional(LifecycleStage),
  /** Custom attributes, checked against the workspace's definitions (GET /api/attributes); null removes one. */
  attributes: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown())),
};

export const PersonCreate = Type.Object(
  {
    ...personFields,
    identities: Type.Optional(Type.Array(IdentityInput, { maxItems: 50 })),
    emails: Type.Optional(Type.Array(Type.String({ maxLength: 320 }), { maxItems: 20 })),
    phones: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
    externalIds: Type.Optional(Type.Array(Type.String({ maxLength: 260 }), { maxItems: 20 })),
    country: Type.Optional(
      Type.String({
        pattern: '^[A-Z]{2}$',
        description: 'Region of national phone numbers; default the workspace’s',
      }),
    ),
  },
  Strict,
);
export type PersonCreate = Static<typeof PersonCreate>;

export const PersonUpdate = Type.Object(personFields, Strict);
export type PersonUpdate = Static<typeof PersonUpdate>;

export const Identity = Type.Object({
  id: Uuid,
  kind: IdentityKind,
  value: Type.String({ description: 'Normalised: a lower-case email, an E.164 phone, source:id' }),
  raw: Nullable(Type.String({ description: 'As it was given' })),
  source: Nullable(Type.String()),
});
export type Identity = Static<typeof Identity>;

/** A person's own fields, as the profile shows them. */
export const Profile = Type.Object({
  id: Uuid,
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  displayName: Type.String(),
  birthday: Nullable(Day),
  address: Nullable(Address),
  language: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  ownerId: Nullable(Uuid),
  teamId: Nullable(Uuid),
  lifecycleStage: LifecycleStage,
  accountId: Nullable(Uuid),
  attributes: JsonObject,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Profile = Static<typeof Profile>;

export const Person = Type.Object({ ...Profile.properties, identities: Type.Array(Identity) });
export type Person = Static<typeof Person>;

/** An account as a person's record lists it; `primary` is the one the 360 shows first. */
export const PersonAccount = Type.Object({
  accountId: Uuid,
  personId: Uuid,
  role: Nullable(Type.String()),
  since: DateTime,
  name: Type.String(),
  domain: Nullable(Type.String()),
  primary: Type.Boolean(),
});
export type PersonAccount = Static<typeof PersonAccount>;

export const PersonWithAccounts = Type.Object({
  ...Person.properties,
  accounts: Type.Array(PersonAccount, { description: 'Those the caller may read, primary first' }),
});
export type PersonWithAccounts = Static<typeof PersonWithAccounts>;

export const PeoplePage = CursorPage(Type.Object({ ...Person.properties, tags: Type.Array(Type.String()) }));
export type PeoplePage = Static<typeof PeoplePage>;

export const IdentityParams = Type.Object({ id: Uuid, identityId: Uuid }, Strict);
