-- The vocabulary's trigram index leads with the workspace (btree_gin), so a word typed is compared with
-- its own workspace's words only. Keyed by the word alone, each search read the words of every
-- workspace sharing a trigram with it and dropped the others' afterwards: the more workspaces a
-- server holds, the slower every workspace's similar-name search.
create extension if not exists btree_gin;
drop index person_name_words_trgm;
create index person_name_words_trgm on person_name_words using gin (workspace_id, word gin_trgm_ops);
