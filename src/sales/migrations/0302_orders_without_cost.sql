-- Orders recorded without a cost total, whose cost of goods the analytics read from their lines:
-- usually none, so the profit feeds find them through this small index instead of scanning orders.
create index orders_without_cost on orders (workspace_id, id) where cost_total is null;
