import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { Db } from '../db/index';
import type { Tx } from '../db/index';
import type { PlatformTables } from '../platform/index';
import type { IdentityKind } from './identity/identities';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | undefined, string>;

export const LIFECYCLE_STAGES = [
  'awareness',
  'knowledge',
  'consideration',
  'pre_sales',
  'evaluation',
  'customer',
  'retained',
  'expanded',
  'churned',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface Address {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postcode?: string;
  country?: string;
}

export type PeopleTable = {
  workspace_id: string;
  id: Generated<string>;
  given_name: string | null;
  family_name: string | null;
  display_name: string;
  /** lower(display_name), computed by the database: the name-prefix filter's indexed range (0123). */
  name_key: GeneratedAlways<string>;
  birthday: string | null;
  address: Json<Address | null> | null;
  language: string | null;
  notes: string | null;
  owner_id: string | null;
  team_id: string | null;
  lifecycle_stage: Generated<LifecycleStage>;
  account_id: string | null;
  account_role: string | null;
  attributes: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type IdentitiesTable = {
  workspace_id: string;
  id: Generated<string>;
  person_id: string;
  kind: IdentityKind;
  value: string;
  raw: string | null;
  source: string | null;
  created_at: Timestamp;
};

export type LifecycleChangesTable = {
  workspace_id: string;
  id: Generated<number>;
  person_id: string;
  from_stage: LifecycleStage | null;
  to_stage: LifecycleStage;
  changed_at: Timestamp;
  changed_by: string | null;
};

export type AccountsTable = {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  domain: string | null;
  industry: string | null;
  size: string | null;
  owner_id: string | null;
  team_id: string | null;
  attributes: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type AccountMembersTable = {
  workspace_id: string;
  account_id: string;
  person_id: string;
  role: string | null;
  since: Timestamp;
  created_at: Timestamp;
};

export const ATTRIBUTE_OBJECT_TYPES = ['people', 'accounts'] as const;
export type AttributeObjectType = (typeof ATTRIBUTE_OBJECT_TYPES)[number];
export const ATTRIBUTE_TYPES = ['text', 'number', 'date', 'boolean', 'choice'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export type AttributeDefinitionsTable = {
  workspace_id: string;
  id: Generated<string>;
  object_type: AttributeObjectType;
  key: string;
  label: string;
  type: AttributeType;
  options: Json<string[] | null> | null;
  required: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

/** Typed copies of scalar attribute values (kept by triggers), for indexed filters. */
type AttributeValueColumns = {
  workspace_id: string;
  key: string;
  num: number | null;
  txt: string | null;
  dt: string | null;
  bool: boolean | null;
};

export type CustomersTables = PlatformTables & {
  people: PeopleTable;
  identities: IdentitiesTable;
  lifecycle_changes: LifecycleChangesTable;
  accounts: AccountsTable;
  account_members: AccountMembersTable;
  attribute_definitions: AttributeDefinitionsTable;
  people_attribute_values: AttributeValueColumns & { person_id: string };
  account_attribute_values: AttributeValueColumns & { account_id: string };
};

export const customers = (db: Db | Tx) => db.withTables<CustomersTables>();
