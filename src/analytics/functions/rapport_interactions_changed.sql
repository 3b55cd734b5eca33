-- Inbound interactions are contacts in the channel figures: their customers are marked (triggers
-- interactions_stats_*, migration 0404). Security definer: a mark is bookkeeping, whoever writes the
-- row. See rapport_mark_statement.
create or replace function rapport_interactions_changed() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    execute rapport_mark_statement('select workspace_id, person_id from new_rows where direction = ''inbound''');
  elsif tg_op = 'DELETE' then
    execute rapport_mark_statement('select workspace_id, person_id from old_rows where direction = ''inbound''');
  else
    execute rapport_mark_statement(
      'select r.workspace_id, r.person_id from new_rows n join old_rows o on o.workspace_id = n.workspace_id and o.id = n.id
       cross join lateral (values (n.workspace_id, n.person_id, n.direction), (o.workspace_id, o.person_id, o.direction))
         as r(workspace_id, person_id, direction)
       where r.direction = ''inbound''
         and (n.person_id, n.channel, n.direction, n.occurred_at) is distinct from (o.person_id, o.channel, o.direction, o.occurred_at)');
  end if;
  return null;
end $$;
