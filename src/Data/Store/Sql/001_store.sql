-- Audit store: tenants, subjects, append-only events (monthly partitions), seal queue.
-- Runs as the owner role. The three application roles are created beforehand by
-- db/bootstrap.sql (cluster-level, needs a superuser).

create schema if not exists audit;

create table audit.tenants (
    tenant_id    text primary key check (tenant_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    display_name text not null,
    created_at   timestamptz not null default now(),
    -- JSON paths (e.g. "$.customer.email") whose values are personal data for this tenant.
    personal_paths text[] not null default '{}',
    require_access_reason boolean not null default false
);

-- Pseudonymous actors: events carry subject ids only, so erasing a person here never changes
-- an event or its hash.
create table audit.subjects (
    tenant_id    text not null references audit.tenants(tenant_id),
    subject_id   text not null,
    display_name text,
    email        text,
    erased_at    timestamptz,
    primary key (tenant_id, subject_id)
);

create table audit.events (
    tenant_id      text        not null,
    occurred_at    timestamptz not null,
    id             uuid        not null,
    recorded_at    timestamptz not null default clock_timestamp(),
    actor_id       text        not null,
    actor_kind     text        not null check (actor_kind in ('user','service','api-key','system')),
    action         text        not null,
    change_kind    text        not null check (change_kind in ('create','update','delete','access','other')),
    entity_type    text        not null,
    entity_id      text        not null,
    old_values     jsonb,
    new_values     jsonb,
    context        jsonb       not null default '{}'::jsonb,
    schema_version integer     not null default 1,
    primary key (tenant_id, occurred_at, id)
) partition by range (occurred_at);

-- Every timeline index leads with tenant_id and matches its ORDER BY exactly (newest first).
create index events_time_ix   on audit.events (tenant_id, occurred_at desc, id desc);
create index events_record_ix on audit.events (tenant_id, entity_type, entity_id, occurred_at desc, id desc);
create index events_actor_ix  on audit.events (tenant_id, actor_id, occurred_at desc, id desc);

create table audit.events_default partition of audit.events default;

-- Creates the monthly partitions that cover [from_month, to_month]. Idempotent.
create function audit.ensure_partitions(from_month date, to_month date) returns integer
language plpgsql as $$
declare
    m date := date_trunc('month', from_month);
    created integer := 0;
    name text;
begin
    while m <= date_trunc('month', to_month) loop
        name := 'events_' || to_char(m, 'YYYY_MM');
        if to_regclass('audit.' || name) is null then
            execute format('create table audit.%I partition of audit.events for values from (%L) to (%L)',
                           name, m, (m + interval '1 month')::date);
            created := created + 1;
        end if;
        m := (m + interval '1 month')::date;
    end loop;
    return created;
end $$;

-- Empty partitions still cost planning time on every timeline query, so the window is modest;
-- `auditexplorer migrate` keeps the next twelve months created.
select audit.ensure_partitions((now() - interval '18 months')::date, (now() + interval '12 months')::date);

-- Events waiting for the sealer. Appending feeds it, the sealer drains it in the transaction
-- that writes the seals, so finding unsealed events never scans the events table.
create table audit.seal_queue (
    tenant_id   text        not null,
    event_id    uuid        not null,
    occurred_at timestamptz not null,
    queued_at   timestamptz not null default clock_timestamp(),
    primary key (tenant_id, event_id)
);
create index seal_queue_order_ix on audit.seal_queue (tenant_id, queued_at, event_id);

-- Time-ordered ids (UUID version 7) generated in the database for writers that send none.
create function audit.uuid_v7() returns uuid
language sql volatile as $$
    select encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
                    from 1 for 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;
