-- What an interaction links to ({"orderId": ...}), the identifiers it arrived with, and how it was tied to
-- its person (which identifier matched, which were attached, whether a person was created), so the
-- timeline can explain every link.

alter table interactions
  add column links jsonb not null default '{}'::jsonb,
  add column identifiers jsonb not null default '{}'::jsonb,
  add column resolution jsonb;
