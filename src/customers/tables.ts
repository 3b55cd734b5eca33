import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../db/connection';
import type { Tx } from '../db/tenant';
import type { PlatformTables } from '../platform/tables';
import type { IdentityKind } from './identities';

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

export type CustomersTables = PlatformTables & {
  people: PeopleTable;
  identities: IdentitiesTable;
  lifecycle_changes: LifecycleChangesTable;
};

export const customers = (db: Db | Tx) => db.withTables<CustomersTables>();
