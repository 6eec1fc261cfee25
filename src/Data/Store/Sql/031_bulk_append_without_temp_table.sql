-- audit.append_events (024) staged each batch in a temporary table created and dropped with every
-- transaction: catalog rows written and removed per call, and every statement over the new table
-- planned afresh. For the ingest API's batches of 100 that fixed cost was most of the call (about
-- 13 ms of 20). The same set path without the table: the batch is read from the argument where it
-- is needed, and one statement writes the events, their queue rows and returns the ids. The rules,
-- the fallback to the element path and everything a caller sees are unchanged (see 024).
create or replace function audit.append_events(p_events jsonb) returns uuid[]
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_scoped text := nullif(current_setting('app.tenant_id', true), '');
    v_ids    uuid[];
    v_known  constant text[] := array['tenant_id','actor_id','actor_kind','action','change_kind','entity_type',
                                      'entity_id','old_values','new_values','context','occurred_at','id',
                                      'schema_version'];
begin
    if p_events is null or jsonb_typeof(p_events) <> 'array' or jsonb_array_length(p_events) = 0 then
        return audit.append_events_each(p_events);
    end if;
    begin
        if exists (select 1 from jsonb_array_elements(p_events) v
                   where jsonb_typeof(v) <> 'object'
                      or exists (select 1 from jsonb_object_keys(v) k where k <> all (v_known))) then
            raise exception 'batch shape' using errcode = 'AE030';
        end if;
        -- Every rule of audit.append_event and audit.insert_checked_event, as one predicate.
        if exists (
            select 1 from jsonb_array_elements(p_events) v
            cross join lateral (select v->>'tenant_id' as tenant_id, v->>'actor_id' as actor_id, v->>'actor_kind' as actor_kind,
                                       v->>'action' as action, v->>'change_kind' as change_kind, v->>'entity_type' as entity_type,
                                       v->>'entity_id' as entity_id, nullif(v->'old_values', 'null'::jsonb) as old_values,
                                       nullif(v->'new_values', 'null'::jsonb) as new_values,
                                       coalesce(nullif(v->'context', 'null'::jsonb), '{}'::jsonb) as context,
                                       coalesce((v->>'occurred_at')::timestamptz, clock_timestamp()) as occurred_at,
                                       coalesce((v->>'schema_version')::integer, 1) as schema_version,
                                       (v->>'id')::uuid as id) b
            where not (
                exists (select 1 from audit.tenants t where t.tenant_id = b.tenant_id)
                and (v_scoped is null or v_scoped = b.tenant_id)
                and b.action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' and length(b.action) <= 100
                and b.action not like 'audit\_log.%'
                and length(b.actor_id) between 1 and 200
                and b.actor_kind in ('user','service','api-key','system')
                and b.change_kind in ('create','update','delete','access','other')
                and b.entity_type ~ '^[a-z][a-z0-9_]{0,62}$'
                and length(b.entity_id) between 1 and 200
                and (b.old_values is null or jsonb_typeof(b.old_values) = 'object')
                and (b.new_values is null or jsonb_typeof(b.new_values) = 'object')
                and jsonb_typeof(b.context) = 'object'
                and coalesce(octet_length(b.old_values::text), 0) <= 2097152
                and coalesce(octet_length(b.new_values::text), 0) <= 2097152
                and octet_length(b.context::text) <= 16384
                and b.occurred_at <= clock_timestamp() + interval '5 minutes'
                and b.schema_version >= 1
                and strpos(coalesce(b.old_values::text, ''), '"$personal":') = 0
                and strpos(coalesce(b.new_values::text, ''), '"$personal":') = 0)
        ) or exists (
            select 1 from audit.personal_data_paths p
            where p.tenant_id in (select v->>'tenant_id' from jsonb_array_elements(p_events) v)
        ) then
            raise exception 'not for the set path' using errcode = 'AE030';
        end if;
        -- Materialized once, so the ids and times the defaults give are the same in the events, the queue
        -- and the answer. A month without a partition fails this insert (no AE040 here); the element path names it.
        with b as materialized (
            select t.ord - 1 as idx, v->>'tenant_id' as tenant_id, v->>'actor_id' as actor_id, v->>'actor_kind' as actor_kind,
                   v->>'action' as action, v->>'change_kind' as change_kind, v->>'entity_type' as entity_type,
                   v->>'entity_id' as entity_id, nullif(v->'old_values', 'null'::jsonb) as old_values,
                   nullif(v->'new_values', 'null'::jsonb) as new_values,
                   coalesce(nullif(v->'context', 'null'::jsonb), '{}'::jsonb) as context,
                   coalesce((v->>'occurred_at')::timestamptz, clock_timestamp()) as occurred_at,
                   coalesce((v->>'id')::uuid, audit.uuid_v7()) as id,
                   coalesce((v->>'schema_version')::integer, 1) as schema_version
            from jsonb_array_elements(p_events) with ordinality as t(v, ord)
        ), events as (
            insert into audit.events (tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind,
                                      entity_type, entity_id, old_values, new_values, context, schema_version)
            select tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind,
                   entity_type, entity_id, old_values, new_values, context, schema_version
            from b order by idx
        ), queued as (
            insert into audit.seal_queue (tenant_id, event_id, occurred_at)
            select tenant_id, id, occurred_at from b order by idx
        )
        select array_agg(id order by idx) into v_ids from b;
        return v_ids;
    exception when others then
        -- Everything of the set attempt is undone; the element path decides, and names what it refuses.
        null;
    end;
    return audit.append_events_each(p_events);
end $$;
