-- Row-level security's workspace function is parallel safe: it reads a setting of the transaction,
-- which PostgreSQL copies into every parallel worker. Left at the default (parallel unsafe), the
-- planner saw it in each tenant query's policy before inlining it and planned the query without
-- parallel workers: every aggregate over millions of orders or interactions ran on one core.
alter function rapport_current_workspace() parallel safe;
