-- Quotes are an object type of their own (the sales section). Every role gets on quotes the grants it
-- has on opportunities, so the roles of existing workspaces keep what they could do with a deal.
insert into role_grants (workspace_id, role_id, object_type, action, level)
select workspace_id, role_id, 'quotes', action, level from role_grants where object_type = 'opportunities'
on conflict do nothing;
