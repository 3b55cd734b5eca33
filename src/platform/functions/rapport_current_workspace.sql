-- The workspace of the current tenant transaction (src/db/tenant.ts sets rapport.workspace_id), or
-- null outside one. Every row-level security policy reads it (rapport_enable_tenant_rls).
--
-- Parallel safe: it reads a setting of the transaction, which PostgreSQL copies into every parallel
-- worker. Left at the default (parallel unsafe), the planner saw it in each tenant query's policy
-- before inlining it and planned the query without parallel workers: every aggregate over millions
-- of orders or interactions ran on one core.
create or replace function rapport_current_workspace() returns uuid
language sql stable parallel safe as $$ select nullif(current_setting('rapport.workspace_id', true), '')::uuid $$;
