-- Every touch a customer has with the business, from any channel.

create table interactions (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  person_id uuid,
  channel text not null check (channel in ('web', 'email', 'phone', 'sms', 'chat', 'mobile_app', 'store', 'mail', 'social', 'other')),
  direction text not null check (direction in ('inbound', 'outbound')),
  type text not null check (length(type) between 1 and 50),
  occurred_at timestamptz not null,
  duration_seconds integer check (duration_seconds >= 0),
  agent_id uuid,
  subject text,
  summary text,
  body text,
  metadata jsonb not null default '{}'::jsonb,
  idempotency_key text,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, idempotency_key),
  foreign key (workspace_id, person_id) references people (workspace_id, id),
  foreign key (workspace_id, agent_id) references users (workspace_id, id)
);
create index interactions_person_time on interactions (workspace_id, person_id, occurred_at desc, id desc);
select rapport_enable_tenant_rls('interactions');
