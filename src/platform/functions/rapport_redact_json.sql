-- A JSON value with every string that is not a UUID replaced by "[erased]" (keys, numbers, booleans,
-- nulls and the shape kept). Irreversible.
create or replace function rapport_redact_json(j jsonb) returns jsonb
language plpgsql immutable parallel safe as $$
begin
  return case jsonb_typeof(j)
    when 'object' then coalesce(
      (select jsonb_object_agg(k, rapport_redact_json(v)) from jsonb_each(j) as e(k, v)), '{}'::jsonb)
    when 'array' then coalesce(
      (select jsonb_agg(rapport_redact_json(v) order by n) from jsonb_array_elements(j) with ordinality as e(v, n)),
      '[]'::jsonb)
    when 'string' then case
      when j #>> '{}' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then j
      else '"[erased]"'::jsonb end
    else j
  end;
end $$;
