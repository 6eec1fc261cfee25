-- Not a migration: run once per database by a superuser, after `auditexplorer migrate` (the migrate command does
-- it when given --superuser-connection or AUDITEXPLORER_SUPERUSER_CONNECTION).
-- Under row-level security PostgreSQL uses a condition as an index condition only when every
-- function in it is LEAKPROOF. Both functions below reveal nothing about their input except
-- through their result (no data-dependent errors), so word search can use its GIN index
-- (audit.event_words since migration 025; values_search_text is what the sealer computes there).
-- Without this, search stays correct but scans the tenant's words.
alter function pg_catalog.ts_match_vq(tsvector, tsquery) leakproof;
alter function audit.values_search_text(jsonb, jsonb) leakproof;
