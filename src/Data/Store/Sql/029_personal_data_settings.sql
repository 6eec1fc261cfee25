-- Personal-data paths set by an audit admin in the explorer or by an operator (docs/personal-data.md), each change
-- an audit_log.* access event in the same transaction, like retention policies and legal holds. A path applies to
-- events appended after the change: earlier events keep whatever their hashed bytes hold, so adding a path late
-- cannot make earlier values erasable, and removing one makes later values permanent. Both need a reason.
-- New SQLSTATE: AE057 personal-data path refused (bad path, no reason, unknown path).

create function audit.require_settings_caller(p_tenant_id text, p_actor_kind text) returns void
language plpgsql stable
set search_path = audit, pg_temp
as $$
begin
    if audit.session_acts_as_owner() then
        if nullif(current_setting('app.tenant_id', true), '') is not null then
            perform audit.require_scope(p_tenant_id);
        end if;
        return;
    end if;
    perform audit.require_scope(p_tenant_id);
    if p_actor_kind is distinct from 'user' then
        raise exception 'the explorer may change tenant settings only for a signed-in user, not actor kind "%"', p_actor_kind
            using errcode = 'AE009';
    end if;
end $$;

create function audit.set_personal_data_path(
    p_tenant_id text, p_path text, p_subject_path text, p_reason text, p_actor_id text, p_actor_kind text
) returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_member constant text := '^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$';
    v_old text;
    v_event_id uuid;
begin
    perform audit.require_settings_caller(p_tenant_id, p_actor_kind);
    if not exists (select 1 from audit.tenants t where t.tenant_id = p_tenant_id) then
        raise exception 'unknown tenant "%"', p_tenant_id using errcode = 'AE001';
    end if;
    if p_path is null or p_path !~ v_member or length(p_path) > 400 then
        raise exception 'a personal-data path names a member of old/new values, like $.customer.email (letters, digits and _ after each dot), not "%"',
            coalesce(p_path, '') using errcode = 'AE057';
    end if;
    if p_subject_path is null or (p_subject_path not in ('entity_id', 'actor_id') and (p_subject_path !~ v_member or length(p_subject_path) > 400)) then
        raise exception 'say whose value it is: a member path holding the subject id (like $.customer.id), entity_id or actor_id, not "%"',
            coalesce(p_subject_path, '') using errcode = 'AE057';
    end if;
    if p_subject_path = p_path then
        raise exception 'the subject id at % cannot itself be the personal value: erasure finds the subject by it', p_path using errcode = 'AE057';
    end if;
    if p_reason is null or length(btrim(p_reason)) = 0 or length(p_reason) > 2000 then
        raise exception 'a reason is required to change personal-data paths (1 to 2000 characters)' using errcode = 'AE057';
    end if;
    select subject_path into v_old from audit.personal_data_paths where tenant_id = p_tenant_id and path = p_path;
    v_event_id := audit.insert_checked_event(
        p_tenant_id, p_actor_id, p_actor_kind, 'audit_log.personal_path_set', 'access', 'personal_data_path', p_path,
        case when v_old is null then null else jsonb_build_object('path', p_path, 'subject_path', v_old) end,
        jsonb_build_object('path', p_path, 'subject_path', p_subject_path),
        jsonb_build_object('reason', p_reason), null, null, 1);
    insert into audit.personal_data_paths (tenant_id, path, subject_path) values (p_tenant_id, p_path, p_subject_path)
    on conflict (tenant_id, path) do update set subject_path = excluded.subject_path;
    return v_event_id;
end $$;

create function audit.remove_personal_data_path(
    p_tenant_id text, p_path text, p_reason text, p_actor_id text, p_actor_kind text
) returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_old text;
    v_event_id uuid;
begin
    perform audit.require_settings_caller(p_tenant_id, p_actor_kind);
    if p_reason is null or length(btrim(p_reason)) = 0 or length(p_reason) > 2000 then
        raise exception 'a reason is required to change personal-data paths (1 to 2000 characters)' using errcode = 'AE057';
    end if;
    select subject_path into v_old from audit.personal_data_paths where tenant_id = p_tenant_id and path = p_path;
    if v_old is null then
        raise exception 'tenant "%" has no personal-data path "%"', p_tenant_id, coalesce(p_path, '') using errcode = 'AE057';
    end if;
    v_event_id := audit.insert_checked_event(
        p_tenant_id, p_actor_id, p_actor_kind, 'audit_log.personal_path_removed', 'access', 'personal_data_path', p_path,
        jsonb_build_object('path', p_path, 'subject_path', v_old), null,
        jsonb_build_object('reason', p_reason), null, null, 1);
    delete from audit.personal_data_paths where tenant_id = p_tenant_id and path = p_path;
    return v_event_id;
end $$;

revoke all on function audit.require_settings_caller(text, text) from public;
revoke all on function audit.set_personal_data_path(text, text, text, text, text, text) from public;
revoke all on function audit.remove_personal_data_path(text, text, text, text, text) from public;
grant execute on function audit.set_personal_data_path(text, text, text, text, text, text),
    audit.remove_personal_data_path(text, text, text, text, text) to auditexplorer_reader;
