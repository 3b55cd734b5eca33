-- List filters on the scores written back onto each customer: GET /api/people?segment=champions,
-- churnRisk.gte=0.8, pAlive.lt=0.2, clv.gte=500, profitDecile.lte=2, preferredChannel=web
-- (src/customers/people-list.ts). The list runs under row-level security, where only leakproof
-- operators may become index conditions. Comparisons of numeric are not leakproof, those of
-- double precision, smallint and text are: clv (a model estimate, written at cents) becomes double
-- precision, and each filtered column gets an index that ends with person_id, so a filter is an
-- index range returning the matching people.

alter table customer_scores alter column clv type double precision using clv::double precision;

drop index customer_scores_segment;
drop index customer_scores_churn_risk;
create index customer_scores_segment on customer_scores (workspace_id, rfm_segment, person_id);
create index customer_scores_churn_risk on customer_scores (workspace_id, churn_risk, person_id);
create index customer_scores_p_alive on customer_scores (workspace_id, p_alive, person_id);
create index customer_scores_clv on customer_scores (workspace_id, clv, person_id);
create index customer_scores_profit_decile on customer_scores (workspace_id, profit_decile, person_id);
create index customer_scores_preferred_channel on customer_scores (workspace_id, preferred_channel, person_id);
