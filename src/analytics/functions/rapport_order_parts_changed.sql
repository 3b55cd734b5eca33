-- Returns and order lines mark the customer of their order (triggers order_returns_stats_* and
-- order_lines_stats_*, migration 0404). Security definer: a mark is bookkeeping, whoever writes the
-- row. See rapport_mark_statement.
create or replace function rapport_order_parts_changed() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  changed text := case tg_op
    when 'INSERT' then 'select workspace_id, order_id from new_rows'
    when 'DELETE' then 'select workspace_id, order_id from old_rows'
    else 'select workspace_id, order_id from new_rows union all select workspace_id, order_id from old_rows' end;
begin
  execute rapport_mark_statement(format(
    'select o.workspace_id, o.person_id from orders o
     join (select distinct workspace_id, order_id from (%s) c) c on o.workspace_id = c.workspace_id and o.id = c.order_id',
    changed));
  return null;
end $$;
