-- Segment and channel names are codes, compared for equality only: byte order ("C") makes the
-- recompute's index builds sort them without the locale's collation rules.
alter table customer_scores alter column rfm_segment type text collate "C",
  alter column preferred_channel type text collate "C";
