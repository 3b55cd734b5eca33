import { forbidden } from './errors';

export const ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

export const LEVELS = ['all', 'team', 'own', 'none'] as const;
export type Level = (typeof LEVELS)[number];

export const DEPARTMENTS = ['accounting', 'inventory', 'service', 'sales', 'marketing'] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Records every front-line role works with. */
const SHARED_RECORDS = ['people', 'accounts', 'interactions', 'tasks', 'notes'] as const;

/** Each department owns the records of its section: only it (and admins, managers) may change them. */
export const SECTIONS = {
  accounting: ['payments', 'costs'],
  inventory: ['products', 'inventory'],
  service: ['cases'],
  sales: ['leads', 'opportunities', 'quotes', 'orders'],
  marketing: ['campaigns', 'segments'],
} as const satisfies Record<Department, readonly string[]>;

const SECTION_RECORDS = Object.values(SECTIONS).flat();
const ADMIN_OBJECTS = ['users', 'teams', 'roles', 'api_tokens', 'audit_log', 'jobs', 'workspace'] as const;

export const OBJECT_TYPES = [...SHARED_RECORDS, ...SECTION_RECORDS, 'analytics', ...ADMIN_OBJECTS] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export type Grants = Partial<Record<ObjectType, Partial<Record<Action, Level>>>>;

export const BUILT_IN_ROLES = [
  'admin',
  'manager',
  'sales',
  'service',
  'marketing',
  'accounting',
  'inventory',
  'analyst',
] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

const crud = (read: Level, create: Level, update: Level, del: Level) => ({
  read,
  create,
  update,
  delete: del,
});
const FULL = crud('all', 'all', 'all', 'all');
const READ_ONLY = crud('all', 'none', 'none', 'none');
const FRONT_LINE = crud('all', 'all', 'team', 'own');
const SECTION_OWNER = crud('all', 'all', 'all', 'team');

function grantEach(types: readonly ObjectType[], grant: Partial<Record<Action, Level>>): Grants {
  return Object.fromEntries(types.map((t) => [t, grant]));
}

const SELF_SERVICE: Grants = {
  users: READ_ONLY,
  teams: READ_ONLY,
  roles: READ_ONLY,
  api_tokens: crud('own', 'own', 'own', 'own'),
  jobs: crud('own', 'all', 'own', 'none'),
};

function departmentRole(department: Department): Grants {
  return {
    ...grantEach(SHARED_RECORDS, FRONT_LINE),
    ...grantEach(SECTION_RECORDS, READ_ONLY),
    ...grantEach(SECTIONS[department], SECTION_OWNER),
    analytics: READ_ONLY,
    ...SELF_SERVICE,
  };
}

export const BUILT_IN_GRANTS: Record<BuiltInRole, Grants> = {
  admin: grantEach(OBJECT_TYPES, FULL),
  manager: {
    ...grantEach([...SHARED_RECORDS, ...SECTION_RECORDS, 'analytics'], FULL),
    ...SELF_SERVICE,
    audit_log: READ_ONLY,
    jobs: crud('all', 'all', 'all', 'none'),
  },
  sales: departmentRole('sales'),
  service: departmentRole('service'),
  marketing: departmentRole('marketing'),
  accounting: departmentRole('accounting'),
  inventory: departmentRole('inventory'),
  analyst: {
    ...grantEach([...SHARED_RECORDS, ...SECTION_RECORDS], READ_ONLY),
    analytics: FULL,
    ...SELF_SERVICE,
  },
};

export interface Principal {
  readonly workspaceId: string;
  readonly userId: string;
  readonly teamId: string | null;
  readonly roleName: string;
  readonly grants: Grants;
  readonly via: 'session' | 'token' | 'system';
  readonly requestId?: string;
}

/** Who owns a record, for the team and own levels. */
export interface Ownership {
  readonly ownerId: string | null;
  readonly ownerTeamId: string | null;
}

export function levelFor(principal: Principal, type: ObjectType, action: Action): Level {
  return principal.grants[type]?.[action] ?? 'none';
}

/** Throws 403 unless the principal may do `action` on `type` at some level (and on this record, if given). */
export function authorize(principal: Principal, type: ObjectType, action: Action, record?: Ownership): void {
  if (!isAllowed(principal, type, action, record)) {
    throw forbidden(`Your role (${principal.roleName}) may not ${action} ${type.replaceAll('_', ' ')}`);
  }
}

export function isAllowed(
  principal: Principal,
  type: ObjectType,
  action: Action,
  record?: Ownership,
): boolean {
  const level = levelFor(principal, type, action);
  if (level === 'none') return false;
  if (level === 'all' || record === undefined) return true;
  if (record.ownerId === principal.userId) return true;
  // The team level covers the principal's own records and those of the team.
  return level === 'team' && principal.teamId !== null && record.ownerTeamId === principal.teamId;
}

export const SYSTEM_PRINCIPAL = (workspaceId: string): Principal => ({
  workspaceId,
  userId: '00000000-0000-0000-0000-000000000000',
  teamId: null,
  roleName: 'system',
  grants: BUILT_IN_GRANTS.admin,
  via: 'system',
});
