import type { ColumnType, Generated } from 'kysely';
import type { Db, Tx } from '../../db/index';
import type { SalesTables } from '../tables';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric columns: read as numbers (the type parser in db/connection), written as numbers. */
type Money = ColumnType<number, number | string | undefined, number | string>;
/** date columns: read as YYYY-MM-DD strings. */
type Day = ColumnType<string, string, string>;

export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];
export const CLOSE_KINDS = ['won', 'lost'] as const;
export type CloseKind = (typeof CLOSE_KINDS)[number];
export const LEAD_STATUSES = ['new', 'working', 'qualified', 'disqualified'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const ACTIVITY_KINDS = ['call', 'meeting', 'demo'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'declined'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export type PipelinesTable = {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  is_default: Generated<boolean>;
  position: Generated<number>;
  created_at: Timestamp;
};

export type PipelineStagesTable = {
  workspace_id: string;
  id: Generated<string>;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  created_at: Timestamp;
};

export type CloseReasonsTable = {
  workspace_id: string;
  id: Generated<string>;
  kind: CloseKind;
  name: string;
  position: Generated<number>;
  active: Generated<boolean>;
};

export type OpportunitiesTable = {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  person_id: string | null;
  account_id: string | null;
  lead_id: string | null;
  pipeline_id: string;
  stage_id: string;
  status: Generated<OpportunityStatus>;
  amount: Money;
  currency: string;
  expected_close: Day;
  owner_id: string | null;
  team_id: string | null;
  next_step: string | null;
  close_reason_id: string | null;
  close_note: string | null;
  closed_at: Date | null;
  order_id: string | null;
  stage_entered_at: Timestamp;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type OpportunityLinesTable = {
  workspace_id: string;
  opportunity_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: Money;
  discount: Money;
};

export type OpportunityStageChangesTable = {
  workspace_id: string;
  id: Generated<number>;
  opportunity_id: string;
  pipeline_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  status: OpportunityStatus;
  changed_at: Timestamp;
  changed_by: string | null;
};

export type LeadFormsTable = {
  workspace_id: string;
  id: Generated<string>;
  name: string;
  form_key: string;
  allowed_origin: string | null;
  redirect_url: string | null;
  honeypot_field: Generated<string>;
  source: Generated<string>;
  campaign: string | null;
  owner_id: string | null;
  per_minute: Generated<number>;
  per_address_per_minute: Generated<number>;
  active: Generated<boolean>;
  created_at: Timestamp;
};

export type LeadsTable = {
  workspace_id: string;
  id: Generated<string>;
  status: Generated<LeadStatus>;
  disqualify_reason: string | null;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  job_title: string | null;
  website: string | null;
  message: string | null;
  source: string;
  campaign: string | null;
  owner_id: string | null;
  team_id: string | null;
  person_id: string | null;
  account_id: string | null;
  opportunity_id: string | null;
  form_id: string | null;
  converted_at: Date | null;
  converted_by: string | null;
  idempotency_key: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SalesActivitiesTable = {
  workspace_id: string;
  id: Generated<string>;
  opportunity_id: string;
  interaction_id: string;
  kind: ActivityKind;
  occurred_at: Timestamp;
  outcome: string | null;
  next_step: string | null;
  task_id: string | null;
  owner_id: string | null;
  created_at: Timestamp;
};

export type QuoteSettingsTable = {
  workspace_id: string;
  logo: Buffer | null;
  logo_type: 'image/png' | 'image/jpeg' | null;
  updated_at: Timestamp;
};

export type QuotesTable = {
  workspace_id: string;
  id: Generated<string>;
  opportunity_id: string;
  number: number;
  status: Generated<QuoteStatus>;
  revision: Generated<number>;
  sent_at: Date | null;
  link_token_hash: string | null;
  link_expires_at: Date | null;
  accepted_at: Date | null;
  accepted_revision: number | null;
  accepted_name: string | null;
  declined_at: Date | null;
  decline_reason: string | null;
  order_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type QuoteRevisionsTable = {
  workspace_id: string;
  quote_id: string;
  revision: number;
  valid_until: Day;
  terms: string | null;
  currency: string;
  subtotal: Money;
  discount_total: Money;
  total: Money;
  created_by: string | null;
  created_at: Timestamp;
};

export type QuoteLinesTable = {
  workspace_id: string;
  quote_id: string;
  revision: number;
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price: Money;
  discount: Money;
};

/** The tables of leads, opportunities, activities and quotes, and the catalogue they price from. */
export type DealTables = Pick<SalesTables, 'products'> & {
  pipelines: PipelinesTable;
  pipeline_stages: PipelineStagesTable;
  close_reasons: CloseReasonsTable;
  opportunities: OpportunitiesTable;
  opportunity_lines: OpportunityLinesTable;
  opportunity_stage_changes: OpportunityStageChangesTable;
  lead_forms: LeadFormsTable;
  leads: LeadsTable;
  sales_activities: SalesActivitiesTable;
  quote_settings: QuoteSettingsTable;
  quotes: QuotesTable;
  quote_revisions: QuoteRevisionsTable;
  quote_lines: QuoteLinesTable;
};

export const deals = (db: Db | Tx) => db.withTables<DealTables>();
