-- Devices and addresses a user has logged in from: a login from one of them is not slowed by the
-- backoff that failed attempts on the account (or a spray over the workspace) impose on others, so
-- an attacker cannot lock the owner out. Devices are identified by a random cookie set on a
-- successful login; only SHA-256 digests of the cookie and of the address are stored.

create table known_logins (
  workspace_id uuid not null,
  user_id uuid not null,
  kind text not null check (kind in ('device', 'address')),
  key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  primary key (workspace_id, user_id, kind, key_hash),
  foreign key (workspace_id, user_id) references users (workspace_id, id) on delete cascade
);
select rapport_enable_tenant_rls('known_logins');
