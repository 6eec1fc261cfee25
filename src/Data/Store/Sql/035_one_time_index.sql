-- events_time_ix (tenant_id, occurred_at desc, id desc) held the same keys as the primary key
-- (tenant_id, occurred_at, id); a btree is read backward as cheaply as forward, so newest-first pages
-- walk the primary key backward (an ordered Append of "Index Scan Backward using events_YYYY_MM_pkey",
-- later months never entered). The copy cost every append one more index entry and about a sixth of
-- the store's index size. Dropping the partitioned index drops it in every partition.
drop index audit.events_time_ix;
