-- Retention (docs/retention.md): per-tenant retention periods, legal holds, the record of what was
-- archived before a partition was dropped, and a partition scheme that makes a tenant's expiry a
-- partition drop. Rows leave audit.events only through audit_guard.drop_expired_partition
-- (append_only_guard.sql), never by DELETE.
-- New SQLSTATEs (docs/writing-events.md): AE040 no partition for occurred_at, AE041 retention
-- period refused, AE042 legal hold refused, AE043 unknown or released hold.

-- Policies are history: a change is a new row, the latest row is the tenant's policy. Without a
-- row a tenant keeps its data 84 months (7 years) and its minimum is 12 months.
create table audit.retention_policies (
    tenant_id      text        not null references audit.tenants(tenant_id),
    policy_id      uuid        not null,
    period_months  integer     not null check (period_months between 1 and 1200),
    minimum_months integer     not null check (minimum_months between 0 and 1200),
    reason         text        not null check (length(btrim(reason)) between 1 and 2000),
    set_by         text        not null,
    set_at         timestamptz not null default clock_timestamp(),
    event_id       uuid        not null,
    primary key (tenant_id, set_at, policy_id),
    check (period_months >= minimum_months)
);

-- A hold covers the whole tenant, one record, one actor's events or one case (context.case_id).
create table audit.legal_holds (
    tenant_id   text        not null references audit.tenants(tenant_id),
    hold_id     uuid        not null,
    scope       text        not null check (scope in ('tenant', 'record', 'actor', 'case')),
    entity_type text,
    entity_id   text,
    actor_id    text,
    case_id     text,
    reason      text        not null check (length(btrim(reason)) between 1 and 2000),
    placed_by   text        not null,
    placed_at   timestamptz not null default clock_timestamp(),
    event_id    uuid        not null,
    primary key (tenant_id, hold_id),
    check ((scope = 'record') = (entity_type is not null and entity_id is not null)),
    check ((scope = 'actor') = (actor_id is not null)),
    check ((scope = 'case') = (case_id is not null))
);

-- Releasing is a row of its own, so the hold's history is never rewritten.
create table audit.legal_hold_releases (
    tenant_id   text        not null,
    hold_id     uuid        not null,
    reason      text        not null check (length(btrim(reason)) between 1 and 2000),
    released_by text        not null,
    released_at timestamptz not null default clock_timestamp(),
    event_id    uuid        not null,
    primary key (tenant_id, hold_id),
    foreign key (tenant_id, hold_id) references audit.legal_holds (tenant_id, hold_id)
);

-- What left the store, where it went and under which checkpoint. Written only by the retention
-- hook (a superuser function): the owner may read it but has no insert policy. A seal whose event
-- is gone but whose occurred_at and seq lie in a row here was expired by policy, not deleted.
create table audit.retention_archives (
    tenant_id       text        not null,
    archive_id      uuid        not null,
    partition_name  text        not null,
    range_from      timestamptz not null,
    range_to        timestamptz not null,
    event_count     bigint      not null check (event_count >= 0),
    first_seq       bigint,
    last_seq        bigint,
    checkpoint_size bigint      not null,
    location        text        not null,
    sha256          bytea       not null check (octet_length(sha256) = 32),
    archived_at     timestamptz not null default clock_timestamp(),
    primary key (tenant_id, archive_id)
);
create index retention_archives_range_ix on audit.retention_archives (tenant_id, range_from);

-- The hook counts a tenant's seals inside a month; without this it would read the whole chain.
create index seals_time_ix on audit.seals (tenant_id, occurred_at);

grant select on audit.retention_policies, audit.legal_holds, audit.legal_hold_releases, audit.retention_archives
    to auditexplorer_reader;

do $$
declare t text;
begin
    foreach t in array array['retention_policies', 'legal_holds', 'legal_hold_releases', 'retention_archives'] loop
        execute format('alter table audit.%I enable row level security', t);
        execute format('alter table audit.%I force row level security', t);
        execute format($p$create policy %I on audit.%I for select to auditexplorer_reader
                          using (tenant_id = current_setting('app.tenant_id', true))$p$, t || '_tenant_read', t);
        execute format('create trigger %I before update or delete on audit.%I for each row execute function audit.reject_change()',
                       t || '_append_only', t);
        execute format('create trigger %I before truncate on audit.%I for each statement execute function audit.reject_change()',
                       t || '_no_truncate', t);
    end loop;
end $$;
create policy retention_policies_owner on audit.retention_policies to auditexplorer_owner using (true) with check (true);
create policy legal_holds_owner on audit.legal_holds to auditexplorer_owner using (true) with check (true);
create policy legal_hold_releases_owner on audit.legal_hold_releases to auditexplorer_owner using (true) with check (true);
create policy retention_archives_owner on audit.retention_archives for select to auditexplorer_owner using (true);

create function audit.retention_period_months(p_tenant_id text) returns integer
language sql stable security definer
set search_path = audit, pg_temp
as $$
    select coalesce((select p.period_months from audit.retention_policies p where p.tenant_id = p_tenant_id
                     order by p.set_at desc, p.policy_id desc limit 1), 84)
$$;

create function audit.retention_minimum_months(p_tenant_id text) returns integer
language sql stable security definer
set search_path = audit, pg_temp
as $$
    select coalesce((select p.minimum_months from audit.retention_policies p where p.tenant_id = p_tenant_id
                     order by p.set_at desc, p.policy_id desc limit 1), 12)
$$;

-- Who may change retention: the web app (reader) for its scoped tenant and a signed-in user; the
-- owner (CLI) for any actor kind. Only the owner may change the minimum, so the UI cannot lower
-- the floor it is checked against.
create function audit.require_retention_caller(p_tenant_id text, p_actor_kind text, p_changes_minimum boolean) returns void
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
        raise exception 'the explorer may change retention only for a signed-in user, not actor kind "%"', p_actor_kind
            using errcode = 'AE009';
    end if;
    if p_changes_minimum then
        raise exception 'the minimum retention period is changed by an operator (auditexplorer retention set --minimum), not in the explorer'
            using errcode = 'AE041';
    end if;
end $$;

create function audit.set_retention_policy(
    p_tenant_id text, p_period_months integer, p_minimum_months integer, p_reason text,
    p_actor_id text, p_actor_kind text
) returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_old_period  integer;
    v_old_minimum integer;
    v_minimum     integer;
    v_event_id    uuid;
begin
    perform audit.require_retention_caller(p_tenant_id, p_actor_kind, p_minimum_months is not null);
    if not exists (select 1 from audit.tenants t where t.tenant_id = p_tenant_id) then
        raise exception 'unknown tenant "%"', p_tenant_id using errcode = 'AE001';
    end if;
    if p_reason is null or length(btrim(p_reason)) = 0 or length(p_reason) > 2000 then
        raise exception 'a reason is required to change a retention period (1 to 2000 characters)' using errcode = 'AE041';
    end if;
    v_old_period := audit.retention_period_months(p_tenant_id);
    v_old_minimum := audit.retention_minimum_months(p_tenant_id);
    v_minimum := coalesce(p_minimum_months, v_old_minimum);
    if v_minimum < 0 or v_minimum > 1200 then
        raise exception 'the minimum retention period must be 0 to 1200 months, not %', v_minimum using errcode = 'AE041';
    end if;
    if p_period_months is null or p_period_months < 1 or p_period_months > 1200 then
        raise exception 'a retention period must be 1 to 1200 months, not %', coalesce(p_period_months::text, 'empty') using errcode = 'AE041';
    end if;
    if p_period_months < v_minimum then
        raise exception 'a retention period of % months is shorter than tenant "%"''s minimum of % months', p_period_months, p_tenant_id, v_minimum
            using errcode = 'AE041';
    end if;
    v_event_id := audit.insert_checked_event(
        p_tenant_id, p_actor_id, p_actor_kind, 'audit_log.retention_set', 'access', 'retention_policy', p_tenant_id,
        jsonb_build_object('period_months', v_old_period, 'minimum_months', v_old_minimum),
        jsonb_build_object('period_months', p_period_months, 'minimum_months', v_minimum),
        jsonb_build_object('reason', p_reason), null, null, 1);
    insert into audit.retention_policies (tenant_id, policy_id, period_months, minimum_months, reason, set_by, event_id)
    values (p_tenant_id, gen_random_uuid(), p_period_months, v_minimum, p_reason, p_actor_id, v_event_id);
    return v_event_id;
end $$;

create function audit.place_legal_hold(
    p_tenant_id text, p_scope text, p_entity_type text, p_entity_id text, p_held_actor_id text, p_case_id text,
    p_reason text, p_actor_id text, p_actor_kind text
) returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_hold_id uuid := gen_random_uuid();
    v_event_id uuid;
begin
    perform audit.require_retention_caller(p_tenant_id, p_actor_kind, false);
    if not exists (select 1 from audit.tenants t where t.tenant_id = p_tenant_id) then
        raise exception 'unknown tenant "%"', p_tenant_id using errcode = 'AE001';
    end if;
    if p_reason is null or length(btrim(p_reason)) = 0 or length(p_reason) > 2000 then
        raise exception 'a legal hold needs a reason (1 to 2000 characters): say which matter it preserves' using errcode = 'AE042';
    end if;
    if p_scope is null or p_scope not in ('tenant', 'record', 'actor', 'case') then
        raise exception 'a legal hold covers a tenant, record, actor or case, not "%"', p_scope using errcode = 'AE042';
    end if;
    if (p_scope = 'record') <> (coalesce(p_entity_type, '') <> '' and coalesce(p_entity_id, '') <> '')
       or (p_scope = 'actor') <> (coalesce(p_held_actor_id, '') <> '')
       or (p_scope = 'case') <> (coalesce(p_case_id, '') <> '') then
        raise exception 'a % hold takes exactly its own key: record = entity type and id, actor = actor id, case = case id, tenant = none', p_scope
            using errcode = 'AE042';
    end if;
    if greatest(length(p_entity_type), length(p_entity_id), length(p_held_actor_id), length(p_case_id)) > 200 then
        raise exception 'a legal hold''s key is at most 200 characters' using errcode = 'AE042';
    end if;
    v_event_id := audit.insert_checked_event(
        p_tenant_id, p_actor_id, p_actor_kind, 'audit_log.hold_place', 'access', 'legal_hold', v_hold_id::text,
        null,
        jsonb_strip_nulls(jsonb_build_object('scope', p_scope, 'entity_type', nullif(p_entity_type, ''), 'entity_id', nullif(p_entity_id, ''),
                                             'actor_id', nullif(p_held_actor_id, ''), 'case_id', nullif(p_case_id, ''))),
        jsonb_build_object('reason', p_reason), null, null, 1);
    insert into audit.legal_holds (tenant_id, hold_id, scope, entity_type, entity_id, actor_id, case_id, reason, placed_by, event_id)
    values (p_tenant_id, v_hold_id, p_scope, nullif(p_entity_type, ''), nullif(p_entity_id, ''), nullif(p_held_actor_id, ''),
            nullif(p_case_id, ''), p_reason, p_actor_id, v_event_id);
    return v_hold_id;
end $$;

create function audit.release_legal_hold(p_tenant_id text, p_hold_id uuid, p_reason text, p_actor_id text, p_actor_kind text)
returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_event_id uuid;
begin
    perform audit.require_retention_caller(p_tenant_id, p_actor_kind, false);
    if not exists (select 1 from audit.legal_holds h where h.tenant_id = p_tenant_id and h.hold_id = p_hold_id) then
        raise exception 'tenant "%" has no legal hold %', p_tenant_id, p_hold_id using errcode = 'AE043';
    end if;
    if exists (select 1 from audit.legal_hold_releases r where r.tenant_id = p_tenant_id and r.hold_id = p_hold_id) then
        raise exception 'legal hold % was already released', p_hold_id using errcode = 'AE043';
    end if;
    if p_reason is null or length(btrim(p_reason)) = 0 or length(p_reason) > 2000 then
        raise exception 'releasing a legal hold needs a reason (1 to 2000 characters)' using errcode = 'AE042';
    end if;
    v_event_id := audit.insert_checked_event(
        p_tenant_id, p_actor_id, p_actor_kind, 'audit_log.hold_release', 'access', 'legal_hold', p_hold_id::text,
        null, null, jsonb_build_object('reason', p_reason), null, null, 1);
    insert into audit.legal_hold_releases (tenant_id, hold_id, reason, released_by, event_id)
    values (p_tenant_id, p_hold_id, p_reason, p_actor_id, v_event_id);
    return v_event_id;
end $$;

-- Partition names: events_YYYY_MM is a month; a month created by this version is LIST-partitioned
-- by tenant into events_YYYY_MM_t_<tenant> for each tenant whose period differs from the default
-- and events_YYYY_MM_shared (its default partition) for all others.
create function audit.tenant_partition_suffix(p_tenant_id text) returns text
language sql immutable
as $$
    select '_t_' || case when length(p_tenant_id) <= 40 then replace(p_tenant_id, '-', '_') else 'h' || left(md5(p_tenant_id), 16) end
$$;

create or replace function audit.ensure_partitions(from_month date, to_month date) returns integer
language plpgsql as $$
declare
    m date := date_trunc('month', from_month);
    created integer := 0;
    name text;
    t text;
    v_kind "char";
    v_new boolean;
begin
    while m <= date_trunc('month', to_month) loop
        name := 'events_' || to_char(m, 'YYYY_MM');
        v_new := to_regclass('audit.' || name) is null;
        if v_new then
            execute format('create table audit.%I partition of audit.events for values from (%L) to (%L) partition by list (tenant_id)',
                           name, m, (m + interval '1 month')::date);
            execute format('create table audit.%I partition of audit.%I default', name || '_shared', name);
            created := created + 1;
        end if;
        select c.relkind into v_kind from pg_class c where c.oid = ('audit.' || quote_ident(name))::regclass;
        -- Tenants with their own period get their own partition in every month that has not begun
        -- (its shared partition holds none of their rows yet, so attaching is a quick check).
        if v_kind = 'p' and (m > date_trunc('month', now())::date or v_new) then
            for t in select x.tenant_id from audit.tenants x where audit.retention_period_months(x.tenant_id) <> 84 loop
                if to_regclass('audit.' || quote_ident(name || audit.tenant_partition_suffix(t))) is null then
                    execute format('create table audit.%I partition of audit.%I for values in (%L)',
                                   name || audit.tenant_partition_suffix(t), name, t);
                end if;
            end loop;
        end if;
        -- The superuser step's event trigger adds these too (for partitions created by hand).
        perform audit.add_truncate_triggers(('audit.' || quote_ident(name))::regclass);
        m := (m + interval '1 month')::date;
    end loop;
    return created;
end $$;

create function audit.add_truncate_triggers(p_month regclass) returns void
language plpgsql
set search_path = audit, pg_temp
as $$
declare p regclass;
begin
    for p in select relid from pg_partition_tree(p_month) loop
        if not exists (select 1 from pg_trigger where tgrelid = p and tgname = 'events_no_truncate') then
            execute format('create trigger events_no_truncate before truncate on %s for each statement execute function audit.reject_change()', p);
        end if;
    end loop;
end $$;

-- Whether a row of the tenant at that time has a partition to go to. Checked by name first (a few
-- catalog-cache lookups); only when that fails are the partition bounds read, so a month created
-- under another TimeZone setting is not refused by mistake.
create function audit.partition_exists_for(p_tenant_id text, p_at timestamptz) returns boolean
language plpgsql stable
set search_path = audit, pg_temp
as $$
declare
    v_month regclass := to_regclass('audit.events_' || to_char(p_at, 'YYYY_MM'));
    r record;
begin
    if v_month is not null then
        if (select c.relkind from pg_class c where c.oid = v_month) = 'r' then return true; end if;
        if to_regclass('audit.' || quote_ident('events_' || to_char(p_at, 'YYYY_MM') || audit.tenant_partition_suffix(p_tenant_id))) is not null
           or to_regclass('audit.events_' || to_char(p_at, 'YYYY_MM') || '_shared') is not null then
            return true;
        end if;
    end if;
    for r in
        select c.oid, c.relkind, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'audit.events'::regclass
    loop
        if r.bound = 'DEFAULT' then return true; end if;
        if p_at >= substring(r.bound from 'FROM \(''([^'']+)''\)')::timestamptz
           and p_at < substring(r.bound from 'TO \(''([^'']+)''\)')::timestamptz then
            return r.relkind = 'r' or exists (
                select 1 from pg_inherits i2 join pg_class c2 on c2.oid = i2.inhrelid
                where i2.inhparent = r.oid
                  and (pg_get_expr(c2.relpartbound, c2.oid) = 'DEFAULT' or c2.relname = (select relname from pg_class where oid = r.oid) || audit.tenant_partition_suffix(p_tenant_id)));
        end if;
    end loop;
    return false;
end $$;

-- The write contract, with every check of 011 and one more: an occurred_at that no partition
-- takes (before the oldest kept month, after the months created ahead, or in an expired month)
-- is refused with AE040 instead of PostgreSQL's bare "no partition of relation" error.
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
    if not audit.partition_exists_for(p_tenant_id, v_occurred_at) then
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

-- For one tenant: every partition holding its rows, when they expire under its period, and the
-- active holds that keep them. A partition drops only when every tenant in it has expired and no
-- hold covers any of its rows (audit_guard.drop_expired_partition checks the same itself).
create function audit.retention_outlook(p_tenant_id text)
returns table (partition_name text, range_from timestamptz, range_to timestamptz, dedicated boolean,
               expires_at timestamptz, holds uuid[])
language plpgsql stable security definer
set search_path = audit, pg_temp
as $$
declare
    r record;
    v_period integer := audit.retention_period_months(p_tenant_id);
    v_has boolean;
    v_holds uuid[];
    h record;
    v_covered boolean;
begin
    if nullif(current_setting('app.tenant_id', true), '') is not null then
        perform audit.require_scope(p_tenant_id);
    elsif not audit.session_acts_as_owner() then
        perform audit.require_scope(p_tenant_id);
    end if;
    for r in
        select c.oid::regclass as part, c.relname::text as relname, m.relname::text as month_name,
               coalesce(pg_get_expr(m.relpartbound, m.oid), pg_get_expr(c.relpartbound, c.oid)) as bound,
               m.oid is not null as sub, pg_get_expr(c.relpartbound, c.oid) as own_bound
        from pg_partition_tree('audit.events'::regclass) t
        join pg_class c on c.oid = t.relid and t.isleaf
        left join pg_inherits mi on mi.inhrelid = c.oid and mi.inhparent <> 'audit.events'::regclass
        left join pg_class m on m.oid = mi.inhparent
    loop
        continue when r.bound = 'DEFAULT';
        continue when r.sub and r.own_bound <> 'DEFAULT' and r.relname <> r.month_name || audit.tenant_partition_suffix(p_tenant_id);
        execute format('select exists (select 1 from %s where tenant_id = $1)', r.part) into v_has using p_tenant_id;
        continue when not v_has;
        v_holds := '{}';
        for h in
            select * from audit.legal_holds x
            where x.tenant_id = p_tenant_id
              and not exists (select 1 from audit.legal_hold_releases y where y.tenant_id = x.tenant_id and y.hold_id = x.hold_id)
        loop
            if h.scope = 'tenant' then
                v_covered := true;
            elsif h.scope = 'record' then
                execute format('select exists (select 1 from %s where tenant_id = $1 and entity_type = $2 and entity_id = $3)', r.part)
                    into v_covered using p_tenant_id, h.entity_type, h.entity_id;
            elsif h.scope = 'actor' then
                execute format('select exists (select 1 from %s where tenant_id = $1 and actor_id = $2)', r.part)
                    into v_covered using p_tenant_id, h.actor_id;
            else
                execute format('select exists (select 1 from %s where tenant_id = $1 and context->>''case_id'' = $2)', r.part)
                    into v_covered using p_tenant_id, h.case_id;
            end if;
            if v_covered then v_holds := v_holds || h.hold_id; end if;
        end loop;
        partition_name := r.relname;
        range_from := substring(r.bound from 'FROM \(''([^'']+)''\)')::timestamptz;
        range_to := substring(r.bound from 'TO \(''([^'']+)''\)')::timestamptz;
        dedicated := r.sub and r.own_bound <> 'DEFAULT';
        expires_at := range_to + make_interval(months => v_period);
        holds := v_holds;
        return next;
    end loop;
end $$;

revoke all on function audit.retention_period_months(text) from public;
revoke all on function audit.retention_minimum_months(text) from public;
revoke all on function audit.require_retention_caller(text, text, boolean) from public;
revoke all on function audit.set_retention_policy(text, integer, integer, text, text, text) from public;
revoke all on function audit.place_legal_hold(text, text, text, text, text, text, text, text, text) from public;
revoke all on function audit.release_legal_hold(text, uuid, text, text, text) from public;
revoke all on function audit.retention_outlook(text) from public;
revoke all on function audit.partition_exists_for(text, timestamptz) from public;
revoke all on function audit.add_truncate_triggers(regclass) from public;
grant execute on function audit.retention_period_months(text), audit.retention_minimum_months(text),
    audit.set_retention_policy(text, integer, integer, text, text, text),
    audit.place_legal_hold(text, text, text, text, text, text, text, text, text),
    audit.release_legal_hold(text, uuid, text, text, text),
    audit.retention_outlook(text)
    to auditexplorer_reader;

-- Migration story: months created before this version stay plain tables (they expire whole, when
-- every tenant in them has expired). Months that have not begun and hold no rows are re-created in
-- the new scheme, and the default partition goes when it is empty. Where the superuser step's guard
-- is already installed it refuses this DDL; the guard script then does the same itself.
do $$
declare
    r record;
    v_rows boolean;
begin
    for r in
        select c.oid::regclass as part, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'audit.events'::regclass and c.relkind = 'r'
    loop
        continue when r.bound <> 'DEFAULT'
                  and substring(r.bound from 'FROM \(''([^'']+)''\)')::timestamptz <= now();
        begin
            execute format('select exists (select 1 from %s)', r.part) into v_rows;
            continue when v_rows;
            execute format('alter table audit.events detach partition %s', r.part);
            execute format('drop table %s', r.part);
        exception when sqlstate 'AE100' then
            null;
        end;
    end loop;
end $$;
select audit.ensure_partitions(current_date, (current_date + interval '12 months')::date);
