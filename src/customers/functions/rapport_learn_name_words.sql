-- The vocabulary of name words (person_name_words), kept by statement triggers on people
-- (people_name_words_insert, _update and _delete, migration 0124).
--
-- New words of inserted or renamed people join the vocabulary (one statement per insert or update
-- statement; words already known are skipped before they are written, so concurrent writers of
-- common names never wait on each other). Words no name holds any more (a rename, an erasure, a
-- merge) leave it: the vocabulary keeps nothing of a person whose name is gone. As the owner, so
-- that the people index serves the check under row-level security; the workspaces come from rows
-- the statement was allowed to write.
--
-- Only words without digits or @: a person known only by an identifier is named by it
-- ("new-3-123@example.com", "+1 415 555 0100"), and each such name brought words no one types as a
-- name ("123@example", "0100"): about one per person, so the vocabulary meant to hold a workspace's
-- few thousand name words grew with its people, and bulk ingest paid a trigram index entry set for
-- every person it created (2.6 s of 16 s of database time in the ingest benchmark). Such words stay
-- among each name's words in the people index, so a person is still found by them.
create or replace function rapport_learn_name_words() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into person_name_words (workspace_id, word)
    select distinct n.workspace_id, w from new_people n cross join unnest(rapport_name_words(n.display_name)) as w
    where w !~ '[0-9@]'
      and not exists (select 1 from person_name_words v where v.workspace_id = n.workspace_id and v.word = w)
    on conflict do nothing;
  end if;
  if tg_op = 'UPDATE' then
    delete from person_name_words v using (
      select distinct o.workspace_id, w as word from old_people o
      join new_people n on n.workspace_id = o.workspace_id and n.id = o.id and n.display_name <> o.display_name
      cross join unnest(rapport_name_words(o.display_name)) as w
      where w !~ '[0-9@]'
    ) g
    where v.workspace_id = g.workspace_id and v.word = g.word and not rapport_name_word_used(g.workspace_id, g.word);
  elsif tg_op = 'DELETE' then
    delete from person_name_words v using (
      select distinct o.workspace_id, w as word from old_people o cross join unnest(rapport_name_words(o.display_name)) as w
      where w !~ '[0-9@]'
    ) g
    where v.workspace_id = g.workspace_id and v.word = g.word and not rapport_name_word_used(g.workspace_id, g.word);
  end if;
  return null;
end $$;
