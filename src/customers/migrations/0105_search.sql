-- Search indexes for the one search box and caller lookup. Exact identifiers use the unique index
-- (workspace_id, kind, value); names use the trigram indexes of 0100 for fuzzy matches.

-- Email and external-id prefixes ("ann.lee@", "shop:12"), whatever the database collation.
create index identities_value_prefix on identities (workspace_id, kind, value text_pattern_ops)
  where kind in ('email', 'external');

-- A phone number by its last digits: phones are stored E.164 ('+' and digits), so the reversed value
-- starts with the reversed digits, and "ends with 5550100" is the prefix '0010555' of this index.
create index identities_phone_suffix on identities (workspace_id, reverse(value) text_pattern_ops)
  where kind = 'phone';

-- Names by prefix, case-insensitive, in name order (the trigram index cannot order or limit).
create index people_name_prefix on people (workspace_id, lower(display_name) text_pattern_ops);
create index accounts_name_prefix on accounts (workspace_id, lower(name) text_pattern_ops);

-- Account domains, exact and by prefix.
create index accounts_domain_prefix on accounts (workspace_id, lower(domain::text) text_pattern_ops)
  where domain is not null;
