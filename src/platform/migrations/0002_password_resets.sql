-- One-time password reset links, made by an admin and handed over by hand (this server sends no
-- mail). Only the SHA-256 of the link's token is stored; a link is valid for 24 hours and once.

create table password_resets (
  workspace_id uuid not null references workspaces (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  token_hash text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (workspace_id, id),
  unique (workspace_id, token_hash),
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade,
  foreign key (workspace_id, created_by) references users (workspace_id, id)
);
create index password_resets_user on password_resets (workspace_id, user_id);
select rapport_enable_tenant_rls('password_resets');
