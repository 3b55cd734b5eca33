-- A 'YYYY-MM-DD' string as a date; null for anything else (including '2026-02-30').
create or replace function rapport_attribute_date(v text) returns date
language plpgsql immutable as $$
begin
  if v !~ '^\d{4}-\d{2}-\d{2}$' then
    return null;
  end if;
  return v::date;
exception when others then
  return null;
end $$;
