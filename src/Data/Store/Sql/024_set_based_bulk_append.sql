-- Bulk writes without per-event function calls (docs/writing-events.md, "Many events in one call").
-- audit.append_events first tries the whole batch as one set: one query checks every element
-- against the write contract's rules and one INSERT ... SELECT writes the events and their queue
-- rows. Whenever that cannot be done exactly as audit.append_event would do it — an element breaks
-- a rule, a cast fails, a month has no partition, or a tenant of the batch splits personal values —
-- the set attempt is rolled back and the batch goes element by element through audit.append_event
-- (audit.append_events_each, the body of 021), which raises the precise error naming the element.
-- So the set path can only ever accept what the element path accepts; it is never the one that refuses.

alter function audit.append_events(jsonb) rename to append_events_each;
revoke all on function audit.append_events_each(jsonb) from public, auditexplorer_writer;

-- Security definer: the set path inserts into audit.events itself, as append_event does; what a
-- caller may append is decided by the same rules (no audit_log.*, the transaction's tenant scope).
create function audit.append_events(p_events jsonb) returns uuid[]
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
        create temporary table if not exists pg_temp.append_batch (
            idx integer, tenant_id text, actor_id text, actor_kind text, action text, change_kind text,
            entity_type text, entity_id text, old_values jsonb, new_values jsonb, context jsonb,
            occurred_at timestamptz, id uuid, schema_version integer) on commit drop;
        truncate pg_temp.append_batch;
        insert into pg_temp.append_batch
        select t.ord - 1, v->>'tenant_id', v->>'actor_id', v->>'actor_kind', v->>'action', v->>'change_kind',
               v->>'entity_type', v->>'entity_id', nullif(v->'old_values', 'null'::jsonb), nullif(v->'new_values', 'null'::jsonb),
               coalesce(nullif(v->'context', 'null'::jsonb), '{}'::jsonb),
               coalesce((v->>'occurred_at')::timestamptz, clock_timestamp()), coalesce((v->>'id')::uuid, audit.uuid_v7()),
               coalesce((v->>'schema_version')::integer, 1)
        from jsonb_array_elements(p_events) with ordinality as t(v, ord)
        where jsonb_typeof(v) = 'object'
          and not exists (select 1 from jsonb_object_keys(v) k where k <> all (v_known));
        if (select count(*) from pg_temp.append_batch) <> jsonb_array_length(p_events) then
            raise exception 'batch shape' using errcode = 'AE030';
        end if;
        -- Every rule of audit.append_event and audit.insert_checked_event, as one predicate.
        if exists (
            select 1 from pg_temp.append_batch b
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
            select 1 from audit.personal_data_paths p where p.tenant_id in (select distinct tenant_id from pg_temp.append_batch)
        ) then
            raise exception 'not for the set path' using errcode = 'AE030';
        end if;
        -- A month without a partition fails this insert (no AE040 here); the element path names it.
        insert into audit.events (tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind,
                                  entity_type, entity_id, old_values, new_values, context, schema_version)
        select tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind,
               entity_type, entity_id, old_values, new_values, context, schema_version
        from pg_temp.append_batch order by idx;
        insert into audit.seal_queue (tenant_id, event_id, occurred_at)
        select tenant_id, id, occurred_at from pg_temp.append_batch order by idx;
        select array_agg(id order by idx) into v_ids from pg_temp.append_batch;
        truncate pg_temp.append_batch;
        return v_ids;
    exception when others then
        -- Everything of the set attempt is undone; the element path decides, and names what it refuses.
        null;
    end;
    return audit.append_events_each(p_events);
end $$;

revoke all on function audit.append_events(jsonb) from public;
grant execute on function audit.append_events(jsonb) to auditexplorer_writer;
