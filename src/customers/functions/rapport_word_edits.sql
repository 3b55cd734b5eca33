-- A word and every word one edit away from it: a letter swapped with the next, left out, changed or
-- added (a-z and the letters the word has). A few hundred strings for a name word.
create or replace function rapport_word_edits(w text) returns text[]
language sql immutable strict parallel safe as $$
  with letters as (
    select distinct l from unnest(string_to_array('abcdefghijklmnopqrstuvwxyz' || w, null)) as l
  )
  select array_agg(e) from (
    select w as e
    union select substr(w, 1, i - 1) || substr(w, i + 1, 1) || substr(w, i, 1) || substr(w, i + 2)
      from generate_series(1, length(w) - 1) as i
    union select substr(w, 1, i - 1) || substr(w, i + 1) from generate_series(1, length(w)) as i
    union select substr(w, 1, i - 1) || l || substr(w, i + 1) from generate_series(1, length(w)) as i, letters
    union select substr(w, 1, i) || l || substr(w, i + 1) from generate_series(0, length(w)) as i, letters
  ) edits
$$;
