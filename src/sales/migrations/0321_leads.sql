-- Leads: prospective customers not yet qualified, captured by the API, a CSV import or a public web
-- form. Identity resolution ties a lead with an email or phone to its person at capture; converting it
-- links the person and account and opens an opportunity, and the lead keeps what it became.

-- A web form a site posts leads to: its public key, the site allowed to post from a browser script,
-- the honeypot field, and its rate limits.
create table lead_forms (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  form_key text not null check (form_key ~ '^[A-Za-z0-9_-]{20,64}$'),
  allowed_origin text check (allowed_origin ~ '^https?://[^/\s]+$'),
  redirect_url text check (redirect_url ~ '^https?://\S+$'),
  honeypot_field text not null default 'website_url' check (honeypot_field ~ '^[A-Za-z_][A-Za-z0-9_-]{0,49}$'),
  source text not null default 'web_form' check (length(source) between 1 and 100),
  campaign text check (length(campaign) between 1 and 200),
  owner_id uuid,
  per_minute integer not null default 60 check (per_minute between 1 and 1000000),
  per_address_per_minute integer not null default 5 check (per_address_per_minute between 1 and 100000),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, form_key),
  foreign key (workspace_id, owner_id) references users (workspace_id, id)
);
-- The public endpoint knows only the key: looked up across workspaces.
create index lead_forms_key on lead_forms (form_key);
select rapport_enable_tenant_rls('lead_forms');

create table leads (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  status text not null default 'new' check (status in ('new', 'working', 'qualified', 'disqualified')),
  disqualify_reason text check (length(disqualify_reason) between 1 and 500),
  first_name text check (length(first_name) <= 200),
  last_name text check (length(last_name) <= 200),
  email text check (length(email) <= 320),
  phone text check (length(phone) <= 50),
  company text check (length(company) <= 200),
  job_title text check (length(job_title) <= 200),
  website text check (length(website) <= 300),
  message text check (length(message) <= 5000),
  source text not null check (length(source) between 1 and 100),
  campaign text check (length(campaign) <= 200),
  owner_id uuid,
  team_id uuid,
  person_id uuid,
  account_id uuid,
  opportunity_id uuid,
  form_id uuid,
  converted_at timestamptz,
  converted_by uuid,
  idempotency_key text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, idempotency_key),
  check ((status = 'disqualified') = (disqualify_reason is not null)),
  check (converted_at is null or status = 'qualified'),
  foreign key (workspace_id, person_id) references people (workspace_id, id),
  foreign key (workspace_id, account_id) references accounts (workspace_id, id) on delete set null (account_id),
  foreign key (workspace_id, opportunity_id) references opportunities (workspace_id, id) on delete set null (opportunity_id),
  foreign key (workspace_id, form_id) references lead_forms (workspace_id, id) on delete set null (form_id),
  foreign key (workspace_id, owner_id) references users (workspace_id, id),
  foreign key (workspace_id, team_id) references teams (workspace_id, id),
  foreign key (workspace_id, converted_by) references users (workspace_id, id)
);
create index leads_created on leads (workspace_id, created_at desc, id desc);
create index leads_status on leads (workspace_id, status, created_at desc, id desc);
create index leads_owner on leads (workspace_id, owner_id, created_at desc, id desc);
create index leads_person on leads (workspace_id, person_id) where person_id is not null;
select rapport_enable_tenant_rls('leads');

alter table opportunities add constraint opportunities_lead_fk
  foreign key (workspace_id, lead_id) references leads (workspace_id, id) on delete set null (lead_id);
