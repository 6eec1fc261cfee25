-- Indexes for the explorer's search and correlation views; both lead with tenant_id.
create extension if not exists btree_gin;

-- Word search inside old/new values. The first 64 KiB of each event's values are indexed: a
-- tsvector has a 1 MiB limit, and an unbounded expression would let one huge document make
-- its own append fail. Keys are indexed too (the text form of the JSON), which costs little.
create function audit.values_search_text(old_values jsonb, new_values jsonb) returns tsvector
language sql immutable parallel safe as $$
    select to_tsvector('simple'::regconfig, left(jsonb_build_array(old_values, new_values)::text, 65536))
$$;

create index events_values_search_ix on audit.events
    using gin (tenant_id, audit.values_search_text(old_values, new_values));

create index events_correlation_ix on audit.events (tenant_id, (context ->> 'correlation_id'))
    where context ? 'correlation_id';
create index events_request_ix on audit.events (tenant_id, (context ->> 'request_id'))
    where context ? 'request_id';

grant execute on function audit.values_search_text(jsonb, jsonb) to auditexplorer_reader;

-- Deep links name an event by id alone; the primary key leads with occurred_at.
create index events_id_ix on audit.events (tenant_id, id);
