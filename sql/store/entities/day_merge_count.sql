-- How many entities the day's merge joined (day_merges.sql), for the caller's count.
SELECT count(*) FROM day_entity_merges
