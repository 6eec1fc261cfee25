-- Least privilege: each role can write only what its job needs (docs/database-roles.md).
--   writers (auditexplorer_writer) append business events; they may not append audit_log.* events,
--     so an application cannot forge the access log.
--   the web app (auditexplorer_reader) appends access events only: action audit_log.*, change kind
--     access, actor kind user, occurred now, for the tenant its transaction is scoped to.
--   the owner cannot TRUNCATE an events partition either (one truncate trigger per partition); the
--     DDL guard against DROP / DETACH / DISABLE TRIGGER is an event trigger installed by the
--     superuser step of `auditexplorer migrate` (Store/Sql/append_only_guard.sql).
-- New SQLSTATEs (docs/writing-events.md): AE009 reader may append only access events,
-- AE010 no tenant scope, AE011 writers may not append audit_log events.

-- Validation and insert shared by every append path. Not granted to anyone and not a security
-- definer: only the owner's security-definer functions below call it (so it runs as the owner),
-- after checking what their caller may append.
create function audit.insert_checked_event(
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

-- The access path requires the transaction's tenant scope (the one its row-level-security reads
-- used) and appends only to that tenant. Raises AE010 without a scope, AE008 for another tenant.
create function audit.require_scope(p_tenant_id text) returns void
language plpgsql stable
set search_path = audit, pg_temp
as $$
declare
    v_scoped text := nullif(current_setting('app.tenant_id', true), '');
begin
    if v_scoped is null then
        raise exception 'access events need the transaction''s tenant scope: set app.tenant_id first'
            using errcode = 'AE010',
                  hint = 'Run select set_config(''app.tenant_id'', <tenant>, true) in the same transaction as the read.';
    end if;
    if v_scoped <> p_tenant_id then
        raise exception 'this transaction is scoped to tenant "%" and cannot append to tenant "%"', v_scoped, p_tenant_id
            using errcode = 'AE008';
    end if;
end $$;

-- Whether the connected role could do the same by writing rows itself (the owner, or a
-- superuser): only such sessions may record a verification run for a non-user actor. The check
-- is on session_user, the role that logged in, because inside a security-definer function
-- current_user is the function's owner.
create function audit.session_acts_as_owner() returns boolean
language sql stable
set search_path = audit, pg_temp
as $$
    select pg_has_role(session_user, 'auditexplorer_owner', 'MEMBER')
$$;

-- Writers: the write contract, unchanged for business events; audit_log.* is the access log's
-- own vocabulary and only the access path writes it.
create or replace function audit.append_event(
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
begin
    if p_action like 'audit\_log.%' then
        raise exception 'action "%" belongs to the access log, which only the explorer writes', p_action
            using errcode = 'AE011',
                  hint = 'Name business events after your own entities (e.g. contract.view with change kind access).';
    end if;
    return audit.insert_checked_event(p_tenant_id, p_actor_id, p_actor_kind, p_action, p_change_kind,
                                      p_entity_type, p_entity_id, p_old_values, p_new_values, p_context,
                                      p_occurred_at, p_id, p_schema_version);
end $$;

-- The web app (reader): one access event by a signed-in user, now, in the scoped tenant.
-- Actor kind, change kind and time are fixed here, so the reader cannot forge a business event,
-- a service's action or a back-dated entry.
create function audit.append_access_event(
    p_tenant_id   text,
    p_actor_id    text,
    p_action      text,
    p_entity_type text,
    p_entity_id   text,
    p_context     jsonb default '{}'::jsonb
) returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
begin
    perform audit.require_scope(p_tenant_id);
    if p_action is null or p_action !~ '^audit_log\.[a-z][a-z0-9_]*$' then
        raise exception 'the explorer may append only access events (audit_log.*), not "%"', p_action
            using errcode = 'AE009';
    end if;
    return audit.insert_checked_event(p_tenant_id, p_actor_id, 'user', p_action, 'access',
                                      p_entity_type, p_entity_id, null, null, p_context,
                                      null, null, 1);
end $$;

-- Verification runs are access events too. The web app records them for the signed-in user;
-- a non-user actor (the CLI's "system") is accepted only from a session that acts as the owner.
create or replace function audit.record_verification(
    p_tenant_id text, p_verification_id uuid, p_mode text, p_started_at timestamptz,
    p_outcome text, p_from_seq bigint, p_through_seq bigint, p_events_checked bigint,
    p_checkpoint_size bigint, p_checkpoint_root bytea, p_chain_hash bytea,
    p_first_bad_seq bigint, p_damage_kind text, p_findings jsonb,
    p_actor_id text, p_actor_kind text
) returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_event_id uuid;
begin
    perform audit.require_scope(p_tenant_id);
    if p_actor_kind is distinct from 'user' and not audit.session_acts_as_owner() then
        raise exception 'the explorer may record verification runs only for a signed-in user, not actor kind "%"', p_actor_kind
            using errcode = 'AE009';
    end if;
    v_event_id := audit.insert_checked_event(
        p_tenant_id, p_actor_id, p_actor_kind, 'audit_log.verify', 'access', 'tenant', p_tenant_id,
        null,
        jsonb_build_object('outcome', p_outcome, 'mode', p_mode, 'from_seq', p_from_seq,
                           'through_seq', p_through_seq, 'events_checked', p_events_checked,
                           'first_bad_seq', p_first_bad_seq, 'damage_kind', p_damage_kind),
        jsonb_build_object('verification_id', p_verification_id),
        null, null, 1);
    insert into audit.verifications (tenant_id, verification_id, mode, started_at, finished_at, outcome,
                                     from_seq, through_seq, events_checked, checkpoint_size, checkpoint_root,
                                     chain_hash, first_bad_seq, damage_kind, findings, event_id)
    values (p_tenant_id, p_verification_id, p_mode, p_started_at, clock_timestamp(), p_outcome,
            p_from_seq, p_through_seq, p_events_checked, p_checkpoint_size, p_checkpoint_root,
            p_chain_hash, p_first_bad_seq, p_damage_kind, coalesce(p_findings, '[]'::jsonb), v_event_id);
    return v_event_id;
end $$;

-- Subjects are scoped like appends: a scoped transaction touches only its tenant, and the web app
-- must be scoped. Writers (and the owner) may register their actors without a scope.
create or replace function audit.upsert_subject(p_tenant_id text, p_subject_id text, p_display_name text, p_email text)
returns void
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_scoped text := nullif(current_setting('app.tenant_id', true), '');
begin
    if v_scoped is not null and v_scoped <> p_tenant_id then
        raise exception 'this transaction is scoped to tenant "%" and cannot change subjects of tenant "%"', v_scoped, p_tenant_id
            using errcode = 'AE008';
    end if;
    if v_scoped is null and not (pg_has_role(session_user, 'auditexplorer_writer', 'MEMBER') or audit.session_acts_as_owner()) then
        raise exception 'changing a subject needs the transaction''s tenant scope: set app.tenant_id first'
            using errcode = 'AE010',
                  hint = 'Run select set_config(''app.tenant_id'', <tenant>, true) in the same transaction.';
    end if;
    insert into audit.subjects (tenant_id, subject_id, display_name, email)
    values (p_tenant_id, p_subject_id, p_display_name, p_email)
    on conflict (tenant_id, subject_id) do update
        set display_name = excluded.display_name, email = excluded.email
        -- Unchanged details write nothing: every page view calls this, often for the same person.
        where audit.subjects.erased_at is null
          and (audit.subjects.display_name, audit.subjects.email) is distinct from (excluded.display_name, excluded.email);
end $$;

-- Functions are executable by PUBLIC when created: take that back, then grant per role.
revoke all on function audit.insert_checked_event(text, text, text, text, text, text, text, jsonb, jsonb, jsonb, timestamptz, uuid, integer) from public;
revoke all on function audit.require_scope(text) from public;
revoke all on function audit.session_acts_as_owner() from public;
revoke all on function audit.append_access_event(text, text, text, text, text, jsonb) from public;
revoke execute on function audit.append_event(text, text, text, text, text, text, text, jsonb, jsonb, jsonb, timestamptz, uuid, integer)
    from auditexplorer_reader;
grant execute on function audit.append_access_event(text, text, text, text, text, jsonb) to auditexplorer_reader;

-- Partitions: TRUNCATE of a partition fires only that partition's statement triggers, not the
-- parent's, so every partition (the default one too) gets its own.
do $$
declare p regclass;
begin
    for p in select inhrelid::regclass from pg_inherits where inhparent = 'audit.events'::regclass loop
        execute format('create trigger events_no_truncate before truncate on %s for each statement execute function audit.reject_change()', p);
    end loop;
end $$;

-- Creates the monthly partitions that cover [from_month, to_month], each with its truncate trigger. Idempotent.
create or replace function audit.ensure_partitions(from_month date, to_month date) returns integer
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
        -- The superuser step's event trigger adds it too (for partitions created by hand).
        if not exists (select 1 from pg_trigger
                       where tgrelid = ('audit.' || quote_ident(name))::regclass and tgname = 'events_no_truncate') then
            execute format('create trigger events_no_truncate before truncate on audit.%I for each statement execute function audit.reject_change()', name);
        end if;
        m := (m + interval '1 month')::date;
    end loop;
    return created;
end $$;
