-- Orders, products and accounts are import kinds too: the one pipeline (streamed, dry run, resume,
-- HTTP job) loads them, and the sales slice's own order import is gone.
alter table imports drop constraint imports_kind_check;
alter table imports add constraint imports_kind_check
  check (kind in ('people', 'interactions', 'orders', 'products', 'accounts'));
