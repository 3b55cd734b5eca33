-- Customer scores partitioned by workspace. The recompute job replaces a workspace's million rows
-- at once: row by row that meant seven index insertions and a foreign-key check per row (minutes at
-- 1M customers). Now the job loads a fresh table, builds its indexes by sorting, and swaps it in
-- for the workspace's partition in one transaction (src/analytics/service/score-partitions.ts).
-- Workspaces never recomputed (and rows written by hand) live in the default partition.

drop index customer_scores_segment, customer_scores_churn_risk, customer_scores_p_alive,
  customer_scores_clv, customer_scores_profit_decile, customer_scores_preferred_channel;
alter table customer_scores rename to customer_scores_unpartitioned;
alter table customer_scores_unpartitioned rename constraint customer_scores_pkey
  to customer_scores_unpartitioned_pkey;

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
  clv double precision,
  p_alive double precision check (p_alive between 0 and 1),
  churn_risk double precision check (churn_risk between 0 and 1),
  expected_purchases double precision check (expected_purchases >= 0),
  preferred_channel text,
  profit numeric(16, 2),
  profit_decile smallint check (profit_decile between 1 and 10),
  computed_at timestamptz not null,
  primary key (workspace_id, person_id),
  foreign key (workspace_id, person_id) references people (workspace_id, id) on delete cascade
) partition by list (workspace_id);
create index customer_scores_segment on customer_scores (workspace_id, rfm_segment, person_id);
create index customer_scores_churn_risk on customer_scores (workspace_id, churn_risk, person_id);
create index customer_scores_p_alive on customer_scores (workspace_id, p_alive, person_id);
create index customer_scores_clv on customer_scores (workspace_id, clv, person_id);
create index customer_scores_profit_decile on customer_scores (workspace_id, profit_decile, person_id);
create index customer_scores_preferred_channel on customer_scores (workspace_id, preferred_channel, person_id);
select rapport_enable_tenant_rls('customer_scores');

create table customer_scores_default partition of customer_scores default;
select rapport_enable_tenant_rls('customer_scores_default');

insert into customer_scores select * from customer_scores_unpartitioned;
drop table customer_scores_unpartitioned;
