import { type Static, Type } from 'typebox';
import { Uuid } from './http';
import { ACTIONS, DEPARTMENTS, type Grants as GrantsType, LEVELS, OBJECT_TYPES } from './permissions';
import { DateTime, Enum, Items, JsonObject, Nullable, Strict } from './schema-parts';

/** The request and response shapes of the platform's routes: login, users, teams, roles, tokens, audit, jobs. */

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Email = Type.String({ minLength: 3, maxLength: 320 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const RoleName = Type.String({ minLength: 1, maxLength: 63 });
export const Department = Enum(DEPARTMENTS);
export type Department = Static<typeof Department>;

export const Level = Enum(LEVELS);
export type Level = Static<typeof Level>;
export const Action = Enum(ACTIONS);
export type Action = Static<typeof Action>;
export const ObjectType = Enum(OBJECT_TYPES);
export type ObjectType = Static<typeof ObjectType>;

/** Object type -> action -> level (all, team, own; a missing action or type is none). */
export const Grants = Type.Unsafe<GrantsType>(
  Type.Record(
    Type.String({ description: OBJECT_TYPES.join(', ') }),
    Type.Partial(Type.Record(Action, Level)),
  ),
);
export type Grants = Static<typeof Grants>;
/** Grants as sent: the service names any unknown object type, action or level. */
const GrantsInput = Type.Record(
  Type.String({ maxLength: 50 }),
  Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: 10 })),
);

export const LoginInput = Type.Object(
  { workspace: Type.String({ minLength: 1, maxLength: 63 }), email: Email, password: Password },
  Strict,
);
export type LoginInput = Static<typeof LoginInput>;

export const User = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: Type.String(),
  teamId: Nullable(Uuid),
  department: Nullable(Department),
  active: Type.Boolean(),
});
export type User = Static<typeof User>;

export const Workspace = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  defaultRegion: Type.String({ description: 'ISO 3166 country of phone numbers written without +' }),
});
export type Workspace = Static<typeof Workspace>;

export const Permissions = Type.Object({
  role: Type.String(),
  userId: Uuid,
  teamId: Nullable(Uuid),
  grants: Grants,
});
export type Permissions = Static<typeof Permissions>;

export const Session = Type.Object({
  user: User,
  workspace: Workspace,
  csrfToken: Type.String({
    description: 'Send as x-csrf-token with every write made with the session cookie',
  }),
  permissions: Permissions,
});
export type Session = Static<typeof Session>;

export const UserCreate = Type.Object(
  {
    email: Email,
    name: Type.Optional(Name),
    role: RoleName,
    password: Type.Optional(Password),
    teamId: Type.Optional(Nullable(Uuid)),
    department: Type.Optional(Nullable(Department)),
  },
  Strict,
);
export type UserCreate = Static<typeof UserCreate>;

export const UserUpdate = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(RoleName),
    teamId: Type.Optional(Nullable(Uuid)),
    department: Type.Optional(Nullable(Department)),
    active: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type UserUpdate = Static<typeof UserUpdate>;

export const Team = Type.Object({ id: Uuid, name: Type.String() });
export type Team = Static<typeof Team>;
export const TeamInput = Type.Object({ name: Name }, Strict);
export type TeamInput = Static<typeof TeamInput>;

export const Role = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  builtIn: Type.Boolean(),
  grants: Grants,
});
export type Role = Static<typeof Role>;

export const RoleCreate = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$' }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    grants: GrantsInput,
  },
  Strict,
);
export type RoleCreate = Static<typeof RoleCreate>;
export const RoleUpdate = Type.Object(
  { name: Type.Optional(RoleName), description: Type.Optional(Type.String({ maxLength: 500 })) },
  Strict,
);
export type RoleUpdate = Static<typeof RoleUpdate>;
export const GrantsUpdate = Type.Object({ grants: GrantsInput }, Strict);
export type GrantsUpdate = Static<typeof GrantsUpdate>;

export const ApiToken = Type.Object({
  id: Uuid,
  name: Type.String(),
  userId: Uuid,
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
export type ApiToken = Static<typeof ApiToken>;
export const ApiTokenCreate = Type.Object({ name: Name, userId: Type.Optional(Uuid) }, Strict);
export const NewApiToken = Type.Object({
  token: Type.String({ description: 'The secret: shown in this answer only' }),
  ...ApiToken.properties,
});
export type NewApiToken = Static<typeof NewApiToken>;

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'merge'] as const;
export const AuditQuery = Type.Object(
  {
    objectType: Type.Optional(Type.String({ maxLength: 50 })),
    objectId: Type.Optional(Type.String({ maxLength: 100 })),
    actorUserId: Type.Optional(Uuid),
    action: Type.Optional(Enum(AUDIT_ACTIONS)),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  Strict,
);
export type AuditQuery = Static<typeof AuditQuery>;
export const AuditParams = Type.Object(
  { objectType: Type.String({ maxLength: 50 }), objectId: Type.String({ maxLength: 100 }) },
  Strict,
);
export const AuditRecord = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  actorUserId: Nullable(Uuid),
  actorKind: Type.String({ description: 'user, token or system' }),
  action: Type.String({ description: AUDIT_ACTIONS.join(', ') }),
  objectType: Type.String(),
  objectId: Type.String(),
  changes: Type.Record(Type.String(), Type.Object({ before: Type.Unknown(), after: Type.Unknown() }), {
    description: 'Field -> before and after (every field on create and delete, the changed ones on update)',
  }),
  requestId: Nullable(Type.String()),
});
export type AuditRecord = Static<typeof AuditRecord>;
export const AuditPage = Type.Object({
  items: Type.Array(AuditRecord),
  nextBefore: Type.Optional(
    Type.Integer({ description: 'Pass back as before for the next page; absent on the last' }),
  ),
});
export type AuditPage = Static<typeof AuditPage>;
export const AuditHistory = Items(AuditRecord);

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const Job = Type.Object({
  id: Uuid,
  kind: Type.String(),
  state: Enum(JOB_STATES),
  payload: JsonObject,
  result: Type.Unknown({ description: 'What the job answered when it succeeded (null until then)' }),
  error: Nullable(Type.String()),
  progress: Type.Object({ done: Type.Integer(), total: Nullable(Type.Integer()) }),
  attempts: Type.Integer(),
  createdAt: DateTime,
  startedAt: Nullable(DateTime),
  finishedAt: Nullable(DateTime),
});
export type Job = Static<typeof Job>;
export const JobsQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  Strict,
);

const ResetToken = Type.String({ minLength: 1, maxLength: 200 });
export const ResetLink = Type.Object({
  url: Type.String({ description: 'The link to hand over: shown in this answer only' }),
  expiresAt: DateTime,
});
export type ResetLink = Static<typeof ResetLink>;
export const ResetTokenQuery = Type.Object({ token: ResetToken }, Strict);
export const ResetLinkInfo = Type.Object({
  email: Type.String(),
  name: Type.String(),
  workspace: Type.String({ description: 'The workspace slug, for the login form' }),
  expiresAt: DateTime,
});
export type ResetLinkInfo = Static<typeof ResetLinkInfo>;
export const PasswordResetInput = Type.Object({ token: ResetToken, password: Password }, Strict);
export type PasswordResetInput = Static<typeof PasswordResetInput>;
export const PasswordReset = Type.Object({ email: Type.String(), workspace: Type.String() });
export type PasswordReset = Static<typeof PasswordReset>;
export const PasswordChange = Type.Object({ currentPassword: Password, newPassword: Password }, Strict);
export type PasswordChange = Static<typeof PasswordChange>;
export const PasswordChanged = Type.Object({ sessionsEnded: Type.Integer() });
export type PasswordChanged = Static<typeof PasswordChanged>;
