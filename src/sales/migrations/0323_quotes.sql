-- Quotes (proposals): built from an opportunity's lines, each revision kept with its lines, validity
-- and terms; a quote is "sent" (a proposal given) once marked sent or once its acceptance link is made.
-- The link's token is stored as its SHA-256 only; accepting creates the order once.

-- How a workspace's quotes look: the logo printed on them.
create table quote_settings (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  logo bytea check (octet_length(logo) <= 524288),
  logo_type text check (logo_type in ('image/png', 'image/jpeg')),
  updated_at timestamptz not null default now(),
  primary key (workspace_id),
  check ((logo is null) = (logo_type is null))
);
select rapport_enable_tenant_rls('quote_settings');

create table quotes (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  opportunity_id uuid not null,
  number integer not null check (number > 0),
  status text not null default 'draft' check (status in ('draft', 'sent', 'accepted', 'declined')),
  revision integer not null default 1 check (revision > 0),
  sent_at timestamptz,
  link_token_hash text check (link_token_hash ~ '^[0-9a-f]{64}$'),
  link_expires_at timestamptz,
  accepted_at timestamptz,
  accepted_revision integer,
  accepted_name text check (length(accepted_name) between 1 and 200),
  declined_at timestamptz,
  decline_reason text check (length(decline_reason) <= 1000),
  order_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, number),
  check ((status = 'accepted') = (accepted_at is not null)),
  check ((status = 'declined') = (declined_at is not null)),
  check (status = 'draft' or sent_at is not null),
  check ((link_token_hash is null) = (link_expires_at is null)),
  foreign key (workspace_id, opportunity_id) references opportunities (workspace_id, id) on delete cascade,
  foreign key (workspace_id, order_id) references orders (workspace_id, id) on delete set null (order_id),
  foreign key (workspace_id, created_by) references users (workspace_id, id)
);
-- The public link knows only its token: looked up across workspaces by its hash.
create index quotes_link on quotes (link_token_hash) where link_token_hash is not null;
create index quotes_opportunity on quotes (workspace_id, opportunity_id, number);
create index quotes_sent on quotes (workspace_id, sent_at) where sent_at is not null;
select rapport_enable_tenant_rls('quotes');

create table quote_revisions (
  workspace_id uuid not null,
  quote_id uuid not null,
  revision integer not null check (revision > 0),
  valid_until date not null,
  terms text check (length(terms) <= 10000),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  subtotal numeric(14, 2) not null check (subtotal >= 0),
  discount_total numeric(14, 2) not null check (discount_total >= 0),
  total numeric(14, 2) not null check (total >= 0),
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, quote_id, revision),
  foreign key (workspace_id, quote_id) references quotes (workspace_id, id) on delete cascade,
  foreign key (workspace_id, created_by) references users (workspace_id, id)
);
select rapport_enable_tenant_rls('quote_revisions');

-- The lines of a revision as quoted: SKU and name copied, so a later catalogue change leaves it as sent.
create table quote_lines (
  workspace_id uuid not null,
  quote_id uuid not null,
  revision integer not null,
  line_no integer not null check (line_no > 0),
  product_id uuid not null,
  sku text not null,
  name text not null,
  quantity integer not null check (quantity > 0),
  unit_price numeric(14, 2) not null check (unit_price >= 0),
  discount numeric(14, 2) not null default 0 check (discount >= 0),
  primary key (workspace_id, quote_id, revision, line_no),
  foreign key (workspace_id, quote_id, revision) references quote_revisions (workspace_id, quote_id, revision)
    on delete cascade,
  foreign key (workspace_id, product_id) references products (workspace_id, id)
);
select rapport_enable_tenant_rls('quote_lines');
