-- Whether text mentions any of the person's traces: `texts` are lower-case (ids, emails, handles),
-- `digits` are phone numbers as their national digits (found whatever the punctuation around them).
create or replace function rapport_mentions(t text, texts text[], digits text[]) returns boolean
language sql immutable parallel safe as $$
  select t is not null and (
    exists (select 1 from unnest(texts) n where strpos(lower(t), n) > 0)
    or (cardinality(digits) > 0
        and exists (select 1 from unnest(digits) d where strpos(regexp_replace(t, '[^0-9]', '', 'g'), d) > 0)))
$$;
