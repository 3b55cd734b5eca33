-- The typed rows of one attributes object: numbers (within float8), strings (up to 1000 characters;
-- dates also as dates), booleans. Objects, arrays and nulls are not filterable and get no row.
--
-- Custom attribute values stay in people.attributes / accounts.attributes (jsonb: what the API shows
-- and a merge combines); triggers copy each scalar value into *_attribute_values, one row per record
-- and key, with the value in the column of its type, so that list filters are index ranges on plain
-- columns with leakproof operators, which PostgreSQL uses under row-level security (migration 0109).
create or replace function rapport_attribute_rows(attrs jsonb)
returns table (key text, num float8, txt text, dt date, bool boolean)
language sql immutable as $$
  select e.key,
    case when jsonb_typeof(e.value) = 'number' then
      case when abs((e.value)::numeric) < 1e300 then (e.value)::float8 end end,
    case when jsonb_typeof(e.value) = 'string' and length(e.value #>> '{}') <= 1000 then e.value #>> '{}' end,
    case when jsonb_typeof(e.value) = 'string' then rapport_attribute_date(e.value #>> '{}') end,
    case when jsonb_typeof(e.value) = 'boolean' then (e.value)::boolean end
  from jsonb_each(attrs) e
  where jsonb_typeof(e.value) in ('number', 'string', 'boolean')
$$;
