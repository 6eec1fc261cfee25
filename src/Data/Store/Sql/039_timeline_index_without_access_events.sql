-- The default timeline leaves access events out (change_kind <> 'access'), and walked the primary key backward
-- past every access event newer than the page, fetching each from the heap to read its change kind. Every view
-- writes one, so a tenant whose officers read more than it changes has mostly access events at its head: at 10M
-- events, a first page that skipped 4,107 of them took 8.1 ms of execution, 0.16-0.24 ms on this index
-- (EXPLAIN ANALYZE). The index holds the other events only, so an access event's append writes no entry in it; a
-- change's append writes one more index entry, within the noise of a 1-client pgbench of append_event
-- (0.429-0.472 ms with it, 0.439-0.466 ms without, synchronous_commit off, load ~1). 486 MB at 10M events.
-- Building it locks audit.events against writes while it runs (14 s at 10M events on two cores); on a large store,
-- build it per partition first with CREATE INDEX CONCURRENTLY and attach (docs/operations.md, "Upgrades").
create index if not exists events_changes_ix on audit.events (tenant_id, occurred_at, id) where change_kind <> 'access';
