-- Personal values wait in the seal queue (docs/personal-data.md; the format and the rules of 020 and 033
-- are unchanged). Measured with 033, an append into a tenant with two personal paths cost 1.55x one
-- without, and most of the difference was the INSERT of two audit.personal_values rows with three
-- indexes each under forced row-level security (~145 us of ~265 us, profiled per transaction). Now the
-- append computes the commitments and keeps the values, their paths, subjects and salts as arrays in
-- the event's seal-queue row, which it writes anyway; the sealer moves them into audit.personal_values,
-- with their blind index, in the transaction that seals the event. Until then:
--   * audit.all_personal_values shows readers the moved and the waiting values alike;
--   * audit.erase_subject removes the subject's waiting values from the queue rows as well;
--   * personal-value search (the blind index) finds sealed events only, as word search does.

alter table audit.seal_queue
    add column personal_subjects text[],
    add column personal_paths    text[],
    add column personal_texts    text[],
    add column personal_salts    bytea[];

drop function audit.split_personal_documents(text, uuid, timestamptz, text, text, jsonb, jsonb);

-- A tenant's personal paths as arrays in path order, the form the split reads: one key lookup per append
-- instead of a query over audit.personal_data_paths (~30 us of 033's split, profiled), with each path's
-- member names already split out (path_keys, subject_keys: the text form of a text[], e.g. {customer,email};
-- null for entity_id and actor_id). Kept by the trigger below; no role but the owner reads it
-- (append_event runs as the owner).
create table audit.personal_path_lists (
    tenant_id     text   primary key,
    paths         text[] not null,
    subject_paths text[] not null,
    path_keys     text[] not null,
    subject_keys  text[] not null
);
alter table audit.personal_path_lists enable row level security;
alter table audit.personal_path_lists force row level security;
create policy personal_path_lists_owner on audit.personal_path_lists to auditexplorer_owner using (true) with check (true);

create function audit.refresh_personal_path_list(p_tenant_id text) returns void
language sql
set search_path = audit, pg_temp
as $$
    delete from audit.personal_path_lists where tenant_id = p_tenant_id;
    insert into audit.personal_path_lists (tenant_id, paths, subject_paths, path_keys, subject_keys)
    select tenant_id, array_agg(path order by path), array_agg(subject_path order by path),
           array_agg(string_to_array(substr(path, 3), '.')::text order by path),
           array_agg(case when subject_path like '$.%' then string_to_array(substr(subject_path, 3), '.')::text end order by path)
    from audit.personal_data_paths where tenant_id = p_tenant_id group by tenant_id;
$$;

create function audit.refresh_personal_path_lists() returns trigger
language plpgsql security definer
set search_path = audit, pg_temp
as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform audit.refresh_personal_path_list(old.tenant_id);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform audit.refresh_personal_path_list(new.tenant_id);
    end if;
    return null;
end $$;

create trigger personal_path_lists_refresh after insert or update or delete on audit.personal_data_paths
    for each row execute function audit.refresh_personal_path_lists();

select audit.refresh_personal_path_list(tenant_id) from (select distinct tenant_id from audit.personal_data_paths) t;

-- 025's checked insert, with the event's personal values for its queue row. A new signature (four
-- parameters with defaults), so the old one goes first; callers name no parameters and need no change.
drop function audit.insert_checked_event(text, text, text, text, text, text, text, jsonb, jsonb, jsonb, timestamptz, uuid, integer);
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
    p_schema_version integer,
    p_personal_subjects text[] default null,
    p_personal_paths    text[] default null,
    p_personal_texts    text[] default null,
    p_personal_salts    bytea[] default null
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

    -- The event's erasable personal values wait with it for the sealer, which moves them into
    -- audit.personal_values (audit.release_sealed_events): no row or index entry of their own here.
    insert into audit.seal_queue (tenant_id, event_id, occurred_at, personal_subjects, personal_paths, personal_texts, personal_salts)
    values (p_tenant_id, v_id, v_occurred_at, p_personal_subjects, p_personal_paths, p_personal_texts, p_personal_salts);
    return v_id;
end $$;

-- The write contract as in 033, the split inline; its values go to the queue row.
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
declare
    v_old           jsonb := p_old_values;
    v_new           jsonb := p_new_values;
    l_paths         text[];
    l_subject_paths text[];
    l_path_keys     text[];
    l_subject_keys  text[];
    v_doc      jsonb;
    v_other    jsonb;
    v_result   jsonb;
    v_key      text[];
    v          jsonb;
    v_s        jsonb;
    v_subject  text;
    v_text     text;
    v_salt     bytea;
    v_subjects text[];
    v_paths    text[];
    v_texts    text[];
    v_salts    bytea[];
begin
    if p_action like 'audit\_log.%' then
        raise exception 'action "%" belongs to the access log, which only the explorer writes', p_action
            using errcode = 'AE011',
                  hint = 'Name business events after your own entities (e.g. contract.view with change kind access).';
    end if;
    -- A commitment the database did not make would show as "erased" with nothing behind it.
    if (p_old_values is not null and strpos(p_old_values::text, '"$personal":') > 0)
       or (p_new_values is not null and strpos(p_new_values::text, '"$personal":') > 0) then
        raise exception 'the member name "$personal" is reserved for personal-data commitments'
            using errcode = 'AE052';
    end if;
    -- One key lookup, for a tenant without paths too; an unknown tenant has none and fails in
    -- insert_checked_event (AE001).
    select pl.paths, pl.subject_paths, pl.path_keys, pl.subject_keys
    into l_paths, l_subject_paths, l_path_keys, l_subject_keys
    from audit.personal_path_lists pl where pl.tenant_id = p_tenant_id;
    -- The split, inline (033's function of its own, with its own search_path and a query to call it,
    -- cost ~30 us an append more, profiled): each personal value, old document first, then new, each in
    -- path order (the order of 020, so the first error reported is the same), is replaced by its
    -- commitment; its value, path, subject and salt go to the queue row.
    if l_paths is not null then
        for w in 1..2 loop
            if w = 1 then v_doc := p_old_values; v_other := p_new_values; else v_doc := p_new_values; v_other := p_old_values; end if;
            continue when v_doc is null or jsonb_typeof(v_doc) <> 'object';
            v_result := v_doc;
            for i in 1..cardinality(l_paths) loop
                v_key := l_path_keys[i]::text[];
                v := v_doc #> v_key;
                continue when v is null or jsonb_typeof(v) = 'null';
                -- The subject id: entity_id, actor_id, or a member of this document (else the other one),
                -- a string or number of 1 to 200 characters (020's audit.personal_subject, inline).
                v_s := coalesce(v_doc #> l_subject_keys[i]::text[], v_other #> l_subject_keys[i]::text[]);
                v_subject := case l_subject_paths[i] when 'entity_id' then p_entity_id when 'actor_id' then p_actor_id
                             else case when jsonb_typeof(v_s) in ('string', 'number') and length(v_s #>> '{}') between 1 and 200
                                       then v_s #>> '{}' end end;
                if v_subject is null then
                    raise exception 'the personal value at % of the % values has no subject: % is missing or not a string or number',
                        l_paths[i], case w when 1 then 'old' else 'new' end, l_subject_paths[i]
                        using errcode = 'AE051',
                              hint = 'Include the subject id in the event, or change the tenant''s personal-data paths (audit.personal_data_paths).';
                end if;
                v_text := v::text;
                -- 32 bytes from the server's strong random source, as audit.random_bytes_32.
                v_salt := uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid());
                v_result := jsonb_set(v_result, v_key, jsonb_build_object('$personal', encode(sha256(v_salt || convert_to(v_text, 'UTF8')), 'hex')));
                v_subjects := v_subjects || v_subject;
                v_paths := v_paths || l_paths[i];
                v_texts := v_texts || v_text;
                v_salts := v_salts || v_salt;
            end loop;
            if w = 1 then v_old := v_result; else v_new := v_result; end if;
        end loop;
    end if;
    return audit.insert_checked_event(p_tenant_id, p_actor_id, p_actor_kind, p_action, p_change_kind,
                                      p_entity_type, p_entity_id, v_old, v_new, p_context,
                                      coalesce(p_occurred_at, clock_timestamp()), coalesce(p_id, audit.uuid_v7()), p_schema_version,
                                      v_subjects, v_paths, v_texts, v_salts);
end $$;

-- The sealer's end of a batch: removes the queue rows of the events sealed as seqs p_first_seq to p_last_seq
-- and moves their personal values into audit.personal_values with the keyed blind index (HMAC-SHA256 as
-- audit.personal_blind_index), in one statement, so no value is ever in both places or in neither.
-- Returns the number of queue rows removed. The events come from audit.seals, so only sealed events
-- leave the queue; and this is the only way the sealer removes queue rows (it has no DELETE of its own),
-- so it cannot drop waiting values either. Reading the ids by seq range first keeps the DELETE the same
-- key lookup it was: a check per event against seals' (tenant_id, event_id) key cost ~4 us an event
-- (measured at 300k, 8 % of the sealer's rate).
create function audit.release_sealed_events(p_tenant_id text, p_first_seq bigint, p_last_seq bigint) returns bigint
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_ipad     bytea;
    v_opad     bytea;
    v_prefix   bytea;
    v_ids      uuid[];
    v_released bigint;
begin
    select array_agg(s.event_id) into v_ids
    from audit.seals s where s.tenant_id = p_tenant_id and s.seq between p_first_seq and p_last_seq;
    if v_ids is null then
        return 0;
    end if;
    select k.inner_pad, k.outer_pad into v_ipad, v_opad from audit.blind_index_key k;
    v_prefix := v_ipad || convert_to(p_tenant_id, 'UTF8') || '\x00'::bytea;
    with released as (
        delete from audit.seal_queue q
        where q.tenant_id = p_tenant_id and q.event_id = any(v_ids)
        returning q.event_id, q.occurred_at, q.personal_subjects, q.personal_paths, q.personal_texts, q.personal_salts
    ), moved as (
        insert into audit.personal_values (tenant_id, subject_id, commitment, event_id, occurred_at, path, value_text, salt, blind)
        select p_tenant_id, u.s, sha256(u.salt || convert_to(u.t, 'UTF8')), r.event_id, r.occurred_at, u.p, u.t, u.salt,
               sha256(v_opad || sha256(v_prefix || convert_to(u.t, 'UTF8')))
        from released r
        cross join lateral unnest(r.personal_subjects, r.personal_paths, r.personal_texts, r.personal_salts) as u(s, p, t, salt)
        where r.personal_subjects is not null
    )
    select count(*) into v_released from released;
    return v_released;
end $$;

-- What readers see of personal values: the moved ones and those still waiting with their events, with the
-- same commitment either way. security_invoker, so each table's row-level security applies to the reader.
create view audit.all_personal_values with (security_invoker = true) as
    select tenant_id, subject_id, commitment, event_id, occurred_at, path, value_text, salt
    from audit.personal_values
    union all
    select q.tenant_id, u.subject_id, sha256(u.salt || convert_to(u.value_text, 'UTF8')), q.event_id, q.occurred_at,
           u.path, u.value_text, u.salt
    from audit.seal_queue q
    cross join lateral unnest(q.personal_subjects, q.personal_paths, q.personal_texts, q.personal_salts)
               as u(subject_id, path, value_text, salt)
    where q.personal_subjects is not null;

create or replace function audit.erase_subject(p_tenant_id text, p_subject_id text, p_actor_id text, p_actor_kind text, p_reason text)
returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_scoped   text := nullif(current_setting('app.tenant_id', true), '');
    v_subject  audit.subjects%rowtype;
    v_values   bigint;
    v_details  boolean;
    v_queued   bigint;
begin
    if v_scoped is null and not audit.session_acts_as_owner() then
        perform audit.require_scope(p_tenant_id);
    elsif v_scoped is not null and v_scoped <> p_tenant_id then
        raise exception 'this transaction is scoped to tenant "%" and cannot erase subjects of tenant "%"', v_scoped, p_tenant_id
            using errcode = 'AE008';
    end if;
    if p_actor_kind is distinct from 'user' and not audit.session_acts_as_owner() then
        raise exception 'the explorer may erase subjects only for a signed-in user, not actor kind "%"', p_actor_kind
            using errcode = 'AE009';
    end if;
    if p_reason is null or length(btrim(p_reason)) = 0 or length(p_reason) > 500 then
        raise exception 'an erasure needs a reason (1 to 500 characters, e.g. the request''s ticket number)'
            using errcode = 'AE055';
    end if;
    select * into v_subject from audit.subjects where tenant_id = p_tenant_id and subject_id = p_subject_id for update;
    -- Values of events not yet sealed first. The UPDATE locks each queue row; a row the sealer is moving
    -- right now is waited for and then found gone, and the DELETE below (a later statement, so a later
    -- snapshot under READ COMMITTED) sees the moved values. Under REPEATABLE READ the same race fails with
    -- a serialization error instead; neither way is a value left behind.
    with stripped as (
        select q.event_id, count(*) filter (where u.s = p_subject_id) as removed,
               array_agg(u.s order by u.n) filter (where u.s <> p_subject_id) as subjects,
               array_agg(u.p order by u.n) filter (where u.s <> p_subject_id) as paths,
               array_agg(u.t order by u.n) filter (where u.s <> p_subject_id) as texts,
               array_agg(u.salt order by u.n) filter (where u.s <> p_subject_id) as salts
        from audit.seal_queue q
        cross join lateral unnest(q.personal_subjects, q.personal_paths, q.personal_texts, q.personal_salts)
                   with ordinality as u(s, p, t, salt, n)
        where q.tenant_id = p_tenant_id and p_subject_id = any(q.personal_subjects)
        group by q.event_id
    ), updated as (
        update audit.seal_queue q
        set personal_subjects = s.subjects, personal_paths = s.paths, personal_texts = s.texts, personal_salts = s.salts
        from stripped s
        where q.tenant_id = p_tenant_id and q.event_id = s.event_id
        returning s.removed
    )
    select coalesce(sum(removed), 0) into v_queued from updated;
    delete from audit.personal_values where tenant_id = p_tenant_id and subject_id = p_subject_id;
    get diagnostics v_values = row_count;
    v_values := v_values + v_queued;
    if v_subject.subject_id is null and v_values = 0 then
        raise exception 'tenant "%" has no subject "%": nothing to erase', p_tenant_id, p_subject_id
            using errcode = 'AE053', hint = 'Check the subject id (the pseudonymous id in events, e.g. the actor id or $.customer.id).';
    end if;
    if v_subject.erased_at is not null and v_values = 0 then
        raise exception 'subject "%" of tenant "%" was already erased at %', p_subject_id, p_tenant_id, v_subject.erased_at
            using errcode = 'AE054';
    end if;
    v_details := v_subject.display_name is not null or v_subject.email is not null;
    insert into audit.subjects (tenant_id, subject_id, display_name, email, erased_at)
    values (p_tenant_id, p_subject_id, null, null, clock_timestamp())
    on conflict (tenant_id, subject_id) do update set display_name = null, email = null, erased_at = clock_timestamp();
    return audit.insert_checked_event(
        p_tenant_id, p_actor_id, p_actor_kind, 'audit_log.erase_subject', 'delete', 'subject', p_subject_id,
        null,
        jsonb_build_object('reason', p_reason, 'personal_values_removed', v_values, 'subject_details_removed', v_details),
        '{}'::jsonb, null, null, 1);
end $$;

revoke all on function audit.refresh_personal_path_list(text) from public;
revoke all on function audit.refresh_personal_path_lists() from public;
revoke all on function audit.insert_checked_event(text, text, text, text, text, text, text, jsonb, jsonb, jsonb, timestamptz, uuid, integer,
                                                  text[], text[], text[], bytea[]) from public;
revoke all on function audit.release_sealed_events(text, bigint, bigint) from public;
grant execute on function audit.release_sealed_events(text, bigint, bigint) to auditexplorer_sealer;
revoke delete on audit.seal_queue from auditexplorer_sealer;
grant select on audit.all_personal_values to auditexplorer_reader;
-- The sealer reads which events wait, never the personal values waiting with them.
revoke select on audit.seal_queue from auditexplorer_sealer;
grant select (tenant_id, event_id, occurred_at, queued_at) on audit.seal_queue to auditexplorer_sealer;
