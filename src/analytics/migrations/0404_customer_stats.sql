-- Per-customer purchase and channel figures, kept up to date, so that analyses over all history
-- (RFM, profitability, purchase histories, channel preference, the score recompute) read one row
-- per customer instead of aggregating ten million orders and twenty million interactions again.
--
-- Every write that can change a customer's figures marks the customer (statement triggers below:
-- orders, their returns and lines, product costs, inbound interactions); an analysis first
-- recomputes the marked customers from their own rows (src/analytics/feeds/stats.ts), or the whole
-- workspace when it was never built or most of it is marked. The figures follow `purchasesIn`
-- exactly: a purchase is an order placed or fulfilled, or returned with part of it kept; its amount
-- is the total less recorded refunds; its cost of goods the order's cost total, else its lines'.

create table customer_purchase_stats (
  workspace_id uuid not null,
  person_id uuid not null,
  purchases integer not null,
  revenue numeric(16, 2) not null,
  cost_of_goods numeric(16, 2) not null,
  -- UTC days of the first and last purchase, how many distinct days, and the revenue of the first.
  first_day date not null,
  last_day date not null,
  days integer not null,
  first_day_revenue numeric(16, 2) not null,
  primary key (workspace_id, person_id)
);
select rapport_enable_tenant_rls('customer_purchase_stats');

-- Touches per customer and channel: inbound interactions (contacts) and purchases.
create table customer_channel_stats (
  workspace_id uuid not null,
  person_id uuid not null,
  channel text not null,
  contacts integer not null,
  purchases integer not null,
  last_contact_at timestamptz,
  primary key (workspace_id, person_id, channel)
);
-- Whether some contact is later than an analysis's end (interactions may be dated a day ahead).
create index customer_channel_stats_last_contact on customer_channel_stats (workspace_id, last_contact_at);
select rapport_enable_tenant_rls('customer_channel_stats');

-- The workspaces whose figures were built once (absent: build them all).
create table customer_stats_built (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  built_at timestamptz not null,
  primary key (workspace_id)
);
select rapport_enable_tenant_rls('customer_stats_built');

-- Customers whose figures are out of date. A mark moves forward at each write, so a refresh clears
-- only the marks it read: a write committed meanwhile leaves its customer marked.
create sequence customer_stats_mark;
grant usage, select on sequence customer_stats_mark to rapport_tenant;
create table customer_stats_dirty (
  workspace_id uuid not null,
  person_id uuid not null,
  mark bigint not null,
  primary key (workspace_id, person_id)
);
select rapport_enable_tenant_rls('customer_stats_dirty');

-- The triggers' transition tables are named new_rows and old_rows. Each trigger runs the statement
-- this function writes for the (workspace_id, person_id) rows it is given (a transition table is
-- visible only inside its trigger's own function). Security definer: a mark is bookkeeping,
-- whoever writes the row.
create function rapport_mark_statement(people_rows text) returns text
language sql immutable as $$
  select format(
    'insert into customer_stats_dirty (workspace_id, person_id, mark)
     select workspace_id, person_id, nextval(''customer_stats_mark'') from (
       select distinct workspace_id, person_id from (%s) r where person_id is not null) d
     on conflict (workspace_id, person_id) do update set mark = excluded.mark', people_rows)
$$;

create function rapport_orders_changed() returns trigger
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

-- Returns and lines: the customer of their order.
create function rapport_order_parts_changed() returns trigger
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

-- A product's unit cost is the cost of goods of lines without one, on orders without a cost total.
create function rapport_product_costs_changed() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  execute rapport_mark_statement(
    'select o.workspace_id, o.person_id from new_rows n
     join old_rows p on p.workspace_id = n.workspace_id and p.id = n.id and p.unit_cost is distinct from n.unit_cost
     join order_lines l on l.workspace_id = n.workspace_id and l.product_id = n.id and l.unit_cost is null
     join orders o on o.workspace_id = l.workspace_id and o.id = l.order_id and o.cost_total is null');
  return null;
end $$;

create function rapport_interactions_changed() returns trigger
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

create trigger orders_stats_insert after insert on orders
  referencing new table as new_rows for each statement execute function rapport_orders_changed();
create trigger orders_stats_update after update on orders
  referencing old table as old_rows new table as new_rows for each statement execute function rapport_orders_changed();
create trigger orders_stats_delete after delete on orders
  referencing old table as old_rows for each statement execute function rapport_orders_changed();

create trigger order_returns_stats_insert after insert on order_returns
  referencing new table as new_rows for each statement execute function rapport_order_parts_changed();
create trigger order_returns_stats_update after update on order_returns
  referencing old table as old_rows new table as new_rows for each statement execute function rapport_order_parts_changed();
create trigger order_returns_stats_delete after delete on order_returns
  referencing old table as old_rows for each statement execute function rapport_order_parts_changed();

create trigger order_lines_stats_insert after insert on order_lines
  referencing new table as new_rows for each statement execute function rapport_order_parts_changed();
create trigger order_lines_stats_update after update on order_lines
  referencing old table as old_rows new table as new_rows for each statement execute function rapport_order_parts_changed();
create trigger order_lines_stats_delete after delete on order_lines
  referencing old table as old_rows for each statement execute function rapport_order_parts_changed();

create trigger products_stats_update after update on products
  referencing old table as old_rows new table as new_rows for each statement execute function rapport_product_costs_changed();

create trigger interactions_stats_insert after insert on interactions
  referencing new table as new_rows for each statement execute function rapport_interactions_changed();
create trigger interactions_stats_update after update on interactions
  referencing old table as old_rows new table as new_rows for each statement execute function rapport_interactions_changed();
create trigger interactions_stats_delete after delete on interactions
  referencing old table as old_rows for each statement execute function rapport_interactions_changed();
