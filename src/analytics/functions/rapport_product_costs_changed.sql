-- A product's unit cost is the cost of goods of lines without one, on orders without a cost total:
-- a changed cost marks the customers of those orders (trigger products_stats_update, migration
-- 0404). Security definer: a mark is bookkeeping, whoever writes the row.
create or replace function rapport_product_costs_changed() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  execute rapport_mark_statement(
    'select o.workspace_id, o.person_id from new_rows n
     join old_rows p on p.workspace_id = n.workspace_id and p.id = n.id and p.unit_cost is distinct from n.unit_cost
     join order_lines l on l.workspace_id = n.workspace_id and l.product_id = n.id and l.unit_cost is null
     join orders o on o.workspace_id = l.workspace_id and o.id = l.order_id and o.cost_total is null');
  return null;
end $$;
