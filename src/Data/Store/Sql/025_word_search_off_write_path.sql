-- Word search off the write path (docs/architecture.md, "Word search"). The GIN word index on
-- audit.events made every append tokenize up to 64 KiB of values and update a GIN index inside the
-- application's transaction. The words now live in audit.event_words, which the sealer fills for
-- each batch it seals, in the same transaction as the seals: a word hit never exists before its
-- event is sealed, and unsealed events are not found by words (by design; the UI says so).
-- The words are computed from the stored documents, where a tenant's personal values are already
-- commitments (020), so the table holds no personal plaintext and erasure has nothing to remove here.
-- Also: the write contract's partition check no longer runs a catalog query per event.

-- Same keys as audit.events (tenant_id first) and the same partition tree, mirrored partition by
-- partition: events_2026_05_t_acme holds exactly the events whose words are in words_2026_05_t_acme.
-- Retention drops both in the same transaction (audit_guard.drop_expired_partition), so word rows
-- leave with their events and are never deleted row by row.
create table audit.event_words (
    tenant_id   text        not null,
    occurred_at timestamptz not null,
    id          uuid        not null,
    words       tsvector    not null,
    primary key (tenant_id, occurred_at, id)
) partition by range (occurred_at);

create index event_words_search_ix on audit.event_words using gin (tenant_id, words);

alter table audit.event_words enable row level security;
alter table audit.event_words force row level security;
create policy event_words_owner on audit.event_words to auditexplorer_owner using (true) with check (true);
create policy event_words_tenant_read on audit.event_words for select to auditexplorer_reader
    using (tenant_id = current_setting('app.tenant_id', true));
-- The sealer only adds rows; no role updates or deletes them (the triggers below refuse it).
create policy event_words_sealer on audit.event_words for insert to auditexplorer_sealer with check (true);
grant select on audit.event_words to auditexplorer_reader;
grant insert on audit.event_words to auditexplorer_sealer;
grant execute on function audit.values_search_text(jsonb, jsonb) to auditexplorer_sealer;

-- Append-only like the events, which also puts it under the superuser step's DDL guard (no DROP or
-- DETACH of a word partition outside the retention hook).
create trigger event_words_append_only before update or delete on audit.event_words
    for each row execute function audit.reject_change();
create trigger event_words_no_truncate before truncate on audit.event_words
    for each statement execute function audit.reject_change();

-- The word partition that mirrors an events partition: events_2026_05_shared -> words_2026_05_shared
-- (one character shorter, so it always fits in an identifier). The retention hook repeats this rule
-- rather than calling a function the owner could replace.
create function audit.word_partition_name(p_events_partition text) returns text
language sql immutable
as $$
    select case when p_events_partition like 'events\_%' then 'words' || substr(p_events_partition, 7)
                else left('words_' || p_events_partition, 63) end
$$;

-- Creates the word partitions that mirror audit.events' partition tree (same bounds, same list
-- partitions by tenant). Idempotent; called by audit.ensure_partitions and, when a batch finds no
-- partition for its words (an events partition created by hand), by the sealer.
create function audit.ensure_word_partitions() returns integer
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    r       record;
    v_name  text;
    created integer := 0;
begin
    for r in
        select c.relname::text as relname, c.relkind, t.level, p.relname::text as parent, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_partition_tree('audit.events'::regclass) t
        join pg_class c on c.oid = t.relid
        join pg_class p on p.oid = t.parentrelid
        where t.level > 0
        order by t.level, c.relname
    loop
        v_name := audit.word_partition_name(r.relname);
        continue when to_regclass('audit.' || quote_ident(v_name)) is not null;
        execute format('create table audit.%I partition of audit.%I %s%s', v_name,
                       case when r.level = 1 then 'event_words' else audit.word_partition_name(r.parent) end,
                       r.bound, case when r.relkind = 'p' then ' partition by list (tenant_id)' else '' end);
        -- A TRUNCATE of a partition fires only its own triggers (the guard's event trigger may have added it already).
        if not exists (select 1 from pg_trigger where tgrelid = ('audit.' || quote_ident(v_name))::regclass and tgname = 'event_words_no_truncate') then
            execute format('create trigger event_words_no_truncate before truncate on audit.%I for each statement execute function audit.reject_change()', v_name);
        end if;
        created := created + 1;
    end loop;
    return created;
end $$;

-- ensure_partitions keeps its name and signature (the CLI, the web app and the seeder call it); the
-- 019 body becomes ensure_event_partitions and the word partitions follow every time.
alter function audit.ensure_partitions(date, date) rename to ensure_event_partitions;
create function audit.ensure_partitions(from_month date, to_month date) returns integer
language plpgsql
set search_path = audit, pg_temp
as $$
declare
    created integer := audit.ensure_event_partitions(from_month, to_month);
begin
    perform audit.ensure_word_partitions();
    return created;
end $$;

revoke all on function audit.word_partition_name(text) from public;
revoke all on function audit.ensure_word_partitions() from public;
revoke all on function audit.ensure_event_partitions(date, date) from public;
revoke all on function audit.ensure_partitions(date, date) from public;
grant execute on function audit.ensure_word_partitions() to auditexplorer_sealer;

select audit.ensure_word_partitions();

-- Backfill: the words of every event sealed so far, in one statement. Events still queued get
-- theirs when the sealer seals them.
insert into audit.event_words (tenant_id, occurred_at, id, words)
select e.tenant_id, e.occurred_at, e.id, audit.values_search_text(e.old_values, e.new_values)
from audit.events e
join audit.seals s on s.tenant_id = e.tenant_id and s.event_id = e.id and s.occurred_at = e.occurred_at;

drop index audit.events_values_search_ix;

-- The write contract, as in 019, with a partition check that reads no catalog table on the common
-- path: the month's partition (events_YYYY_MM) is found by name in PostgreSQL's relation cache, and
-- either holds rows itself (a plain month: it has a file node) or has its shared default partition,
-- which takes every tenant. Both lookups are in-memory caches that PostgreSQL invalidates when a
-- partition is created or dropped, so the answer is never stale. Only when neither holds (a month
-- split by tenant without a shared partition, or a name in another TimeZone) does the full check
-- of 019 (audit.partition_exists_for) decide, so AE040 is raised exactly when it was before.
create or replace function audit.insert_checked_event(
    p_tenant_id      text,
    p_actor_id       text,
    p_actor_kind     text,
    p_action         text,
    p_change_kind    text,
    p_entity_type    text,
    p_entity_id      text,
    p_old_values     jsonb,
    p_new_values     jsonb,
    p_context        jsonb,
    p_occurred_at    timestamptz,
    p_id             uuid,
    p_schema_version integer
) returns uuid
language plpgsql
set search_path = audit, pg_temp
as $$
declare
    v_id          uuid        := coalesce(p_id, audit.uuid_v7());
    v_occurred_at timestamptz := coalesce(p_occurred_at, clock_timestamp());
    v_scoped      text        := nullif(current_setting('app.tenant_id', true), '');
    v_month_name  text;
    v_month       regclass;
begin
    if p_tenant_id is null or not exists (select 1 from audit.tenants t where t.tenant_id = p_tenant_id) then
        raise exception 'unknown tenant "%"', p_tenant_id
            using errcode = 'AE001', hint = 'Create the tenant first (audit.tenants) or check the tenant id.';
    end if;
    if v_scoped is not null and v_scoped <> p_tenant_id then
        raise exception 'this transaction is scoped to tenant "%" and cannot append to tenant "%"', v_scoped, p_tenant_id
            using errcode = 'AE008';
    end if;
    if p_action is null or p_action !~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' or length(p_action) > 100 then
        raise exception 'action "%" must look like entity.verb (lower case, e.g. contract.publish)', p_action
            using errcode = 'AE002';
    end if;
    if p_actor_id is null or length(p_actor_id) = 0 or length(p_actor_id) > 200 then
        raise exception 'actor id is required (1 to 200 characters)' using errcode = 'AE006';
    end if;
    if p_actor_kind is null or p_actor_kind not in ('user','service','api-key','system') then
        raise exception 'actor kind "%" must be one of user, service, api-key, system', p_actor_kind
            using errcode = 'AE005';
    end if;
    if p_change_kind is null or p_change_kind not in ('create','update','delete','access','other') then
        raise exception 'change kind "%" must be one of create, update, delete, access, other', p_change_kind
            using errcode = 'AE005';
    end if;
    if p_entity_type is null or p_entity_type !~ '^[a-z][a-z0-9_]{0,62}$' then
        raise exception 'entity type "%" must be a lower-case identifier (e.g. contract)', p_entity_type
            using errcode = 'AE006';
    end if;
    if p_entity_id is null or length(p_entity_id) = 0 or length(p_entity_id) > 200 then
        raise exception 'entity id is required (1 to 200 characters)' using errcode = 'AE006';
    end if;
    if (p_old_values is not null and jsonb_typeof(p_old_values) <> 'object')
       or (p_new_values is not null and jsonb_typeof(p_new_values) <> 'object')
       or p_context is null or jsonb_typeof(p_context) <> 'object' then
        raise exception 'old values, new values and context must be JSON objects'
            using errcode = 'AE003';
    end if;
    -- The limits are on the JSON text (docs/writing-events.md), and pg_column_size cannot stand in
    -- for it: a number like 1e100000 is a few bytes of jsonb and 100 KB of text, and the largest
    -- accepted document (exactly 2 MiB of text) is a few bytes over 2 MiB as jsonb. Measured: the
    -- conversion costs about 0.5 us for a typical event, under 1% of an append.
    if octet_length(p_old_values::text) > 2097152 or octet_length(p_new_values::text) > 2097152 then
        raise exception 'old or new values exceed 2 MiB; store large documents elsewhere and audit a reference'
            using errcode = 'AE004';
    end if;
    if octet_length(p_context::text) > 16384 then
        raise exception 'context exceeds 16 KiB' using errcode = 'AE004';
    end if;
    if v_occurred_at > clock_timestamp() + interval '5 minutes' then
        raise exception 'occurred_at % lies in the future', v_occurred_at using errcode = 'AE007';
    end if;
    if p_schema_version is null or p_schema_version < 1 then
        raise exception 'schema version must be 1 or more' using errcode = 'AE006';
    end if;
    v_month_name := 'audit.events_' || to_char(v_occurred_at, 'YYYY_MM');
    v_month := to_regclass(v_month_name);
    if (v_month is null or (pg_relation_filenode(v_month) is null and to_regclass(v_month_name || '_shared') is null))
       and not audit.partition_exists_for(p_tenant_id, v_occurred_at) then
        raise exception 'occurred_at % lies outside the months the store keeps for tenant "%"', v_occurred_at, p_tenant_id
            using errcode = 'AE040',
                  hint = 'Partitions are created ahead by auditexplorer maintain; months before the retention cut were archived and dropped.';
    end if;

    insert into audit.events (tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind,
                              entity_type, entity_id, old_values, new_values, context, schema_version)
    values (p_tenant_id, v_occurred_at, v_id, p_actor_id, p_actor_kind, p_action, p_change_kind,
            p_entity_type, p_entity_id, p_old_values, p_new_values, p_context, p_schema_version);

    insert into audit.seal_queue (tenant_id, event_id, occurred_at) values (p_tenant_id, v_id, v_occurred_at);
    return v_id;
end $$;
