-- Per-customer purchase and channel figures (customer_purchase_stats, customer_channel_stats,
-- migration 0404) are kept up to date through marks: every write that can change a customer's
-- figures marks the customer in customer_stats_dirty (statement triggers on orders, their returns and
-- lines, product costs and interactions), and an analysis first recomputes the marked customers
-- (src/analytics/feeds/stats.ts). A mark moves forward at each write (sequence customer_stats_mark),
-- so a refresh clears only the marks it read.
--
-- The statement that marks the (workspace_id, person_id) rows of the query `people_rows`: each
-- trigger function runs it over its transition tables (new_rows, old_rows), which are visible only
-- inside the trigger's own function.
create or replace function rapport_mark_statement(people_rows text) returns text
language sql immutable as $$
  select format(
    'insert into customer_stats_dirty (workspace_id, person_id, mark)
     select workspace_id, person_id, nextval(''customer_stats_mark'') from (
       select distinct workspace_id, person_id from (%s) r where person_id is not null) d
     on conflict (workspace_id, person_id) do update set mark = excluded.mark', people_rows)
$$;
