-- Marks the customers of inserted, deleted and changed orders (triggers orders_stats_*, migration
-- 0404); on update, only when a figure's input changed, and both customers when an order moved.
-- Security definer: a mark is bookkeeping, whoever writes the row. See rapport_mark_statement.
create or replace function rapport_orders_changed() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    execute rapport_mark_statement('select workspace_id, person_id from new_rows');
  elsif tg_op = 'DELETE' then
    execute rapport_mark_statement('select workspace_id, person_id from old_rows');
  else
    execute rapport_mark_statement(
      'select n.workspace_id, n.person_id from new_rows n join old_rows o on o.workspace_id = n.workspace_id and o.id = n.id
         where (n.person_id, n.ordered_at, n.channel, n.status, n.total, n.cost_total)
           is distinct from (o.person_id, o.ordered_at, o.channel, o.status, o.total, o.cost_total)
       union all
       select o.workspace_id, o.person_id from new_rows n join old_rows o on o.workspace_id = n.workspace_id and o.id = n.id
         where n.person_id <> o.person_id');
  end if;
  return null;
end $$;
