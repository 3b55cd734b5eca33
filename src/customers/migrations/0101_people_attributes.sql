-- Custom attributes of a person (typed per workspace by a later migration); analytics reads known keys,
-- such as category_spend for share of wallet.
alter table people add column attributes jsonb not null default '{}'::jsonb;
