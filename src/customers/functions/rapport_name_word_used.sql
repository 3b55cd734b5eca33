-- Whether some name of the workspace still holds the word (through the people index); the vocabulary
-- trigger (rapport_learn_name_words) drops words no name holds any more.
create or replace function rapport_name_word_used(ws uuid, word text) returns boolean
language sql stable parallel safe as $$
  select exists (
    select 1 from public.people p
    where p.workspace_id = ws and public.rapport_name_keys(p.workspace_id, p.display_name) @> array[ws::text || ':' || word])
$$;
