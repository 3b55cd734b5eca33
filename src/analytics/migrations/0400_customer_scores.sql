-- Customer scores written back onto each customer by the `analytics.recompute_scores` job
-- (src/analytics/jobs.ts), for the 360 view, segments and list filters. One row per person who has
-- bought (RFM, CLV, profit) or contacted us (preferred channel); columns a person has no data for
-- are null. The job replaces a workspace's rows in one transaction (delete, then bulk insert).
--
-- Fixed definitions (the job's defaults): purchases as the analytics feeds define them (orders
-- placed or fulfilled, or returned in part, net of refunds); RFM and profit over all history;
-- expected_purchases and clv over 52 weeks / 12 months from computed_at with a monthly discount
-- rate of 1%, from a BG/NBD + Gamma-Gamma fit on the workspace's purchase days; preferred_channel
-- from inbound interactions and purchases, smoothed toward the workspace's mix.

create table customer_scores (
  workspace_id uuid not null,
  person_id uuid not null,
  rfm_recency_days integer check (rfm_recency_days >= 0),
  rfm_frequency integer check (rfm_frequency >= 0),
  rfm_monetary numeric(16, 2),
  rfm_r smallint check (rfm_r between 1 and 5),
  rfm_f smallint check (rfm_f between 1 and 5),
  rfm_m smallint check (rfm_m between 1 and 5),
  rfm_segment text,
  clv numeric(16, 2),
  p_alive double precision check (p_alive between 0 and 1),
  churn_risk double precision check (churn_risk between 0 and 1),
  expected_purchases double precision check (expected_purchases >= 0),
  preferred_channel text,
  profit numeric(16, 2),
  profit_decile smallint check (profit_decile between 1 and 10),
  computed_at timestamptz not null,
  primary key (workspace_id, person_id),
  foreign key (workspace_id, person_id) references people (workspace_id, id) on delete cascade
);
create index customer_scores_segment on customer_scores (workspace_id, rfm_segment);
create index customer_scores_churn_risk on customer_scores (workspace_id, churn_risk desc);
select rapport_enable_tenant_rls('customer_scores');
