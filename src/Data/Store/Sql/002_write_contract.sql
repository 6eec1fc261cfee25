-- The write contract: any application, in any language, calls audit.append_event inside its
-- own transaction, so the business change and its audit row commit or roll back together.
-- Errors use SQLSTATE class "AE" (documented in docs/writing-events.md).

create function audit.append_event(
    p_tenant_id      text,
    p_actor_id       text,
    p_actor_kind     text,
    p_action         text,
    p_change_kind    text,
    p_entity_type    text,
    p_entity_id      text,
    p_old_values     jsonb       default null,
    p_new_values     jsonb       default null,
    p_context        jsonb       default '{}'::jsonb,
    p_occurred_at    timestamptz default null,
    p_id             uuid        default null,
    p_schema_version integer     default 1
) returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_id          uuid        := coalesce(p_id, audit.uuid_v7());
    v_occurred_at timestamptz := coalesce(p_occurred_at, clock_timestamp());
    v_scoped      text        := nullif(current_setting('app.tenant_id', true), '');
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

    insert into audit.events (tenant_id, occurred_at, id, actor_id, actor_kind, action, change_kind,
                              entity_type, entity_id, old_values, new_values, context, schema_version)
    values (p_tenant_id, v_occurred_at, v_id, p_actor_id, p_actor_kind, p_action, p_change_kind,
            p_entity_type, p_entity_id, p_old_values, p_new_values, p_context, p_schema_version);

    insert into audit.seal_queue (tenant_id, event_id, occurred_at) values (p_tenant_id, v_id, v_occurred_at);
    return v_id;
end $$;

-- Registers or renames a pseudonymous subject; erased subjects stay erased.
create function audit.upsert_subject(p_tenant_id text, p_subject_id text, p_display_name text, p_email text)
returns void
language sql security definer
set search_path = audit, pg_temp
as $$
    insert into audit.subjects (tenant_id, subject_id, display_name, email)
    values (p_tenant_id, p_subject_id, p_display_name, p_email)
    on conflict (tenant_id, subject_id) do update
        set display_name = excluded.display_name, email = excluded.email
        -- Unchanged details write nothing: every page view calls this, often for the same person.
        where audit.subjects.erased_at is null
          and (audit.subjects.display_name, audit.subjects.email) is distinct from (excluded.display_name, excluded.email)
$$;

-- Append-only: no role may change or remove an event row. Retention removes whole
-- partitions (DETACH + DROP), which these triggers do not see.
create function audit.reject_change() returns trigger
language plpgsql as $$
begin
    raise exception '% on %.% is not allowed: the audit log is append-only', tg_op, tg_table_schema, tg_table_name
        using errcode = 'AE100';
end $$;

create trigger events_append_only before update or delete on audit.events
    for each row execute function audit.reject_change();
create trigger events_no_truncate before truncate on audit.events
    for each statement execute function audit.reject_change();
