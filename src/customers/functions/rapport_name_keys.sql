-- The words of a name (as rapport_name_words) qualified by the workspace, as the people index holds
-- them ('<workspace>:<word>'), so one workspace's common names never weigh on another's lookups.
--
-- The index people_name_words (migration 0124) is built on this function: when its body changes,
-- the migrator rebuilds that index in the same transaction (src/db/functions.ts).
create or replace function rapport_name_keys(ws uuid, name text) returns text[]
language sql immutable strict parallel safe as $$
  select string_to_array(
    regexp_replace(btrim(regexp_replace(lower(name), '[\s.,;:()/"_&+-]+', ' ', 'g')), '([^ ]+)', ws::text || ':\1', 'g'),
    ' ')
$$;
