-- Merging people: a merged person leaves a tombstone that sends its old id to the survivor, and the
-- duplicate scan keeps its own evidence on merge candidates beside what identity resolution recorded.

-- survivor_id references people, so a merge re-points the tombstones of earlier merges into the merged
-- person like any other related row: chains (A into B, then B into C) always end on a live person.
create table person_tombstones (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  merged_id uuid not null,
  survivor_id uuid not null,
  merged_at timestamptz not null default now(),
  merged_by uuid,
  primary key (workspace_id, merged_id),
  foreign key (workspace_id, survivor_id) references people (workspace_id, id) on delete cascade,
  foreign key (workspace_id, merged_by) references users (workspace_id, id)
);
create index person_tombstones_survivor on person_tombstones (workspace_id, survivor_id);
select rapport_enable_tenant_rls('person_tombstones');

-- What the last duplicate scan found for the pair (null: nothing); `score` and `reasons` stay what
-- identity resolution recorded, so a rescan replaces only its own evidence.
alter table merge_candidates
  add column scan_score numeric(5, 4) check (scan_score between 0 and 1),
  add column scan_reasons jsonb not null default '[]'::jsonb;
create index merge_candidates_open_rank on merge_candidates
  (workspace_id, (greatest(score, coalesce(scan_score, 0))) desc, person_a, person_b) where status = 'open';
-- person_a is covered by the primary key; merges and deletes look pairs up by either side.
create index merge_candidates_person_b on merge_candidates (workspace_id, person_b);

