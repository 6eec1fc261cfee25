-- Bulk writes: an application importing thousands of records audits them inside its one
-- transaction with one call (docs/writing-events.md, "Many events in one call").
-- Each element goes through audit.append_event itself, so the checks, the error codes and the
-- writer's privileges are exactly those of one call at a time; only the round trips go away.
-- New SQLSTATE: AE030 the argument is not a JSON array of objects, or an element has a member
-- the contract does not know. Any other refusal keeps the element's own code and names the
-- element (0-based index) in its message.
create function audit.append_events(p_events jsonb) returns uuid[]
language plpgsql
set search_path = audit, pg_temp
as $$
declare
    v_ids    uuid[] := '{}';
    v_index  integer := -1;
    v_event  jsonb;
    v_known  constant text[] := array['tenant_id','actor_id','actor_kind','action','change_kind','entity_type',
                                      'entity_id','old_values','new_values','context','occurred_at','id',
                                      'schema_version'];
    v_extra  text;
    v_state  text;
    v_msg    text;
    v_hint   text;
begin
    if p_events is null or jsonb_typeof(p_events) <> 'array' then
        raise exception 'audit.append_events takes a JSON array of event objects'
            using errcode = 'AE030', hint = 'Pass e.g. ''[{"tenant_id": "acme", ...}]''::jsonb; one event may also use audit.append_event.';
    end if;
    -- One block for the whole batch (one subtransaction, not one per element); its handler
    -- still knows which element failed because PL/pgSQL variables survive the rollback.
    begin
        for v_event in select value from jsonb_array_elements(p_events)
        loop
            v_index := v_index + 1;
            if jsonb_typeof(v_event) <> 'object' then
                raise exception 'is not a JSON object' using errcode = 'AE030';
            end if;
            select k into v_extra from jsonb_object_keys(v_event) k where k <> all (v_known) limit 1;
            if v_extra is not null then
                raise exception 'has unknown member "%" (known: %)', v_extra, array_to_string(v_known, ', ')
                    using errcode = 'AE030';
            end if;
            v_ids := v_ids || audit.append_event(
                v_event->>'tenant_id', v_event->>'actor_id', v_event->>'actor_kind', v_event->>'action',
                v_event->>'change_kind', v_event->>'entity_type', v_event->>'entity_id',
                nullif(v_event->'old_values', 'null'::jsonb), nullif(v_event->'new_values', 'null'::jsonb),
                coalesce(nullif(v_event->'context', 'null'::jsonb), '{}'::jsonb),
                (v_event->>'occurred_at')::timestamptz, (v_event->>'id')::uuid,
                coalesce((v_event->>'schema_version')::integer, 1));
        end loop;
    exception when others then
        get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text, v_hint = pg_exception_hint;
        -- Casts of occurred_at, id or schema_version fail with PostgreSQL's own codes (22xxx);
        -- they are bad input of this element like any other.
        raise exception 'event % of the batch: %', v_index, v_msg
            using errcode = v_state, hint = coalesce(nullif(v_hint, ''), 'Nothing of this batch was appended; fix the element and send the batch again.');
    end;
    return v_ids;
end $$;

revoke execute on function audit.append_events(jsonb) from public;
grant execute on function audit.append_events(jsonb) to auditexplorer_writer;
