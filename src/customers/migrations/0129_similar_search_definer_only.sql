-- rapport_similar_people and rapport_similar_accounts run as their owner (past row-level security)
-- and take the workspace as an argument, so a tenant transaction could have asked them about another
-- workspace. Only the search functions, which pass the transaction's own workspace, call them now.
revoke execute on function rapport_similar_people(uuid, text, integer, text, uuid, uuid, boolean) from public;
revoke execute on function rapport_similar_accounts(uuid, text, integer, text, uuid, uuid, boolean) from public;
