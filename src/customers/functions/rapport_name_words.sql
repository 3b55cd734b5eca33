-- The words of a name: lower case, split at spaces and punctuation ("Smith-Jones" is two words,
-- "O'Brien" one). A single expression, so the planner inlines it (each row of a candidate list
-- would otherwise pay a function call). Must split exactly as rapport_name_keys does.
create or replace function rapport_name_words(name text) returns text[]
language sql immutable strict parallel safe as $$
  select string_to_array(btrim(regexp_replace(lower(name), '[\s.,;:()/"_&+-]+', ' ', 'g')), ' ')
$$;
