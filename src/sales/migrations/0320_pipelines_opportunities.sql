-- Opportunities worked through pipelines: each pipeline an ordered list of stages with a default win
-- probability; an opportunity sits in one stage of one pipeline until it is won or lost (with a reason
-- from the workspace's list). Its lines are products from the catalogue; every stage change is kept.

create table pipelines (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  is_default boolean not null default false,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name)
);
-- One default pipeline per workspace (created on first use; two first uses meet here).
create unique index pipelines_one_default on pipelines (workspace_id) where is_default;
select rapport_enable_tenant_rls('pipelines');

create table pipeline_stages (
  workspace_id uuid not null,
  id uuid not null default gen_random_uuid(),
  pipeline_id uuid not null,
  name text not null check (length(name) between 1 and 100),
  position integer not null check (position >= 0),
  probability integer not null check (probability between 0 and 100),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  -- The target of an opportunity's (pipeline, stage): a stage of another pipeline cannot be referenced.
  unique (workspace_id, pipeline_id, id),
  unique (workspace_id, pipeline_id, name),
  foreign key (workspace_id, pipeline_id) references pipelines (workspace_id, id) on delete cascade
);
select rapport_enable_tenant_rls('pipeline_stages');

-- Why opportunities are won or lost: the workspace's own list.
create table close_reasons (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('won', 'lost')),
  name text not null check (length(name) between 1 and 100),
  position integer not null default 0,
  active boolean not null default true,
  primary key (workspace_id, id),
  unique (workspace_id, kind, name)
);
select rapport_enable_tenant_rls('close_reasons');

create table opportunities (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  person_id uuid,
  account_id uuid,
  lead_id uuid,
  pipeline_id uuid not null,
  stage_id uuid not null,
  status text not null default 'open' check (status in ('open', 'won', 'lost')),
  amount numeric(14, 2) not null default 0 check (amount >= 0),
  currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
  expected_close date not null,
  owner_id uuid,
  team_id uuid,
  next_step text check (length(next_step) <= 500),
  close_reason_id uuid,
  close_note text check (length(close_note) <= 2000),
  closed_at timestamptz,
  order_id uuid,
  stage_entered_at timestamptz not null default now(),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  check ((status = 'open') = (closed_at is null)),
  check (status <> 'lost' or close_reason_id is not null),
  foreign key (workspace_id, pipeline_id, stage_id) references pipeline_stages (workspace_id, pipeline_id, id),
  foreign key (workspace_id, person_id) references people (workspace_id, id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete set null (account_id),
  foreign key (workspace_id, owner_id) references users (workspace_id, id),
  foreign key (workspace_id, team_id) references teams (workspace_id, id),
  foreign key (workspace_id, close_reason_id) references close_reasons (workspace_id, id),
  foreign key (workspace_id, order_id) references orders (workspace_id, id) on delete set null (order_id)
);
-- The board: each column's open cards by expected close date, a page at a time (keyset on close, id),
-- also for one close month (a range of the same key), and per owner.
create index opportunities_board on opportunities (workspace_id, stage_id, expected_close, id)
  where status = 'open';
create index opportunities_board_owner on opportunities (workspace_id, owner_id, stage_id, expected_close, id)
  where status = 'open';
-- Count and amounts per column from the index alone.
create index opportunities_open_totals on opportunities (workspace_id, pipeline_id, stage_id)
  include (currency, amount, owner_id, expected_close) where status = 'open';
create index opportunities_person on opportunities (workspace_id, person_id) where person_id is not null;
create index opportunities_account on opportunities (workspace_id, account_id) where account_id is not null;
create index opportunities_closed on opportunities (workspace_id, closed_at) where status <> 'open';
create index opportunities_created on opportunities (workspace_id, created_at);
select rapport_enable_tenant_rls('opportunities');

-- Products on the opportunity; when there are lines the opportunity's amount is their total.
create table opportunity_lines (
  workspace_id uuid not null,
  opportunity_id uuid not null,
  line_no integer not null check (line_no > 0),
  product_id uuid not null,
  quantity integer not null check (quantity > 0),
  unit_price numeric(14, 2) not null check (unit_price >= 0),
  discount numeric(14, 2) not null default 0 check (discount >= 0),
  primary key (workspace_id, opportunity_id, line_no),
  foreign key (workspace_id, opportunity_id) references opportunities (workspace_id, id) on delete cascade,
  foreign key (workspace_id, product_id) references products (workspace_id, id)
);
create index opportunity_lines_product on opportunity_lines (workspace_id, product_id);
select rapport_enable_tenant_rls('opportunity_lines');

-- Every stage an opportunity entered (and its closing), so time in stage can be measured.
create table opportunity_stage_changes (
  workspace_id uuid not null,
  id bigint generated always as identity,
  opportunity_id uuid not null,
  pipeline_id uuid not null,
  from_stage_id uuid,
  to_stage_id uuid not null,
  status text not null check (status in ('open', 'won', 'lost')),
  changed_at timestamptz not null default now(),
  changed_by uuid,
  primary key (workspace_id, id),
  foreign key (workspace_id, opportunity_id) references opportunities (workspace_id, id) on delete cascade,
  foreign key (workspace_id, changed_by) references users (workspace_id, id)
);
create index opportunity_stage_changes_opportunity
  on opportunity_stage_changes (workspace_id, opportunity_id, changed_at, id);
select rapport_enable_tenant_rls('opportunity_stage_changes');
