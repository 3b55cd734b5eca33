-- Pairs of people that may be one customer, with the evidence; reviewed and merged or dismissed.

create table merge_candidates (
  workspace_id uuid not null,
  person_a uuid not null,
  person_b uuid not null check (person_a < person_b),
  score numeric(5, 4) not null check (score between 0 and 1),
  reasons jsonb not null default '[]'::jsonb,
  status text not null default 'open' check (status in ('open', 'merged', 'dismissed')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, person_a, person_b),
  foreign key (workspace_id, person_a) references people (workspace_id, id) on delete cascade,
  foreign key (workspace_id, person_b) references people (workspace_id, id) on delete cascade
);
create index merge_candidates_open on merge_candidates (workspace_id, score desc) where status = 'open';
select rapport_enable_tenant_rls('merge_candidates');
