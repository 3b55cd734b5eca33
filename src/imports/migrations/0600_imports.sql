-- CSV imports of people and interactions: one row per run of a file, with its checkpoint (the last
-- committed line and the counts so far, written in the same transaction as each chunk), the rows it
-- rejected, and, for imports sent over HTTP, the uploaded file in parts.

create table imports (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('people', 'interactions')),
  -- sha256 of the file's bytes and of the options that change what it loads (mapping, source...).
  fingerprint text not null,
  file_name text,
  options jsonb not null default '{}'::jsonb,
  -- The requester, kept so a job acts with their identity and permissions.
  actor jsonb not null default '{}'::jsonb,
  state text not null default 'running'
    check (state in ('uploading', 'queued', 'running', 'refused', 'succeeded', 'failed')),
  dry_run boolean not null default false,
  columns text[],
  total_rows bigint,
  bad_rows bigint not null default 0,
  -- Checkpoint: every data line up to here is committed, and the counts include it.
  last_line bigint not null default 0,
  rows_done bigint not null default 0,
  counts jsonb not null default '{}'::jsonb,
  upload_bytes bigint not null default 0,
  job_id uuid,
  error text,
  created_by uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (workspace_id, id)
);
-- A re-run of the same file finds its unfinished run here.
create index imports_fingerprint on imports (workspace_id, kind, fingerprint, created_at desc);
select rapport_enable_tenant_rls('imports');

create table import_rejects (
  workspace_id uuid not null,
  import_id uuid not null,
  line bigint not null,
  field text not null,
  reason text not null,
  -- The values of the line as read (a broken line: its raw text in the first column).
  record text[] not null default '{}',
  primary key (workspace_id, import_id, line),
  foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
);
select rapport_enable_tenant_rls('import_rejects');

create table import_uploads (
  workspace_id uuid not null,
  import_id uuid not null,
  part integer not null,
  data bytea not null,
  primary key (workspace_id, import_id, part),
  foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
);
select rapport_enable_tenant_rls('import_uploads');
