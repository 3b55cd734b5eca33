-- The accounts list's sort orders, each keyset-paged on (field, id): name, domain (as text: citext's
-- comparisons are not leakproof, so row-level security would keep them off the index), industry,
-- size, last change, and owner (each owner's accounts in id order; replaces accounts_owner).
-- Empty fields sort last ascending and first descending, which one index serves both ways.

create index accounts_name_sort on accounts (workspace_id, name, id);
create index accounts_domain_sort on accounts (workspace_id, (domain::text), id);
create index accounts_industry_sort on accounts (workspace_id, industry, id);
create index accounts_size_sort on accounts (workspace_id, size, id);
create index accounts_updated_sort on accounts (workspace_id, updated_at, id);
create index accounts_owner_sort on accounts (workspace_id, owner_id, id);
drop index accounts_owner;
