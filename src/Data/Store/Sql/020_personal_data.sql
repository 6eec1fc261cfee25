-- Personal data outside the hashed bytes (docs/personal-data.md).
-- A tenant names the JSON paths of old/new values that are personal data and whose they are
-- (audit.personal_data_paths). On append, each such value is replaced in the stored document by a
-- salted commitment {"$personal": hex(sha256(salt || utf8(value_text)))}; the value, its salt and a
-- keyed blind index live in audit.personal_values, keyed by (tenant, subject, commitment). The
-- sealer hashes the stored document as before (the canonical form is unchanged), so erasing a
-- subject (deleting its rows here) never changes a hash, a proof or a package.
-- New SQLSTATEs (docs/writing-events.md): AE051 personal value without a subject, AE052 "$personal"
-- is reserved, AE053 unknown subject, AE054 subject already erased, AE055 erasure needs a reason,
-- AE056 blind-index key refused.

-- Which paths are personal, and where the subject id of each is found: a member path of the same
-- document (the other document when absent there), or the event's entity_id / actor_id.
create table audit.personal_data_paths (
    tenant_id    text not null references audit.tenants(tenant_id),
    path         text not null check (path ~ '^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$'),
    subject_path text not null check (subject_path in ('entity_id', 'actor_id') or subject_path ~ '^\$(\.[A-Za-z_][A-Za-z0-9_]*)+$'),
    primary key (tenant_id, path)
);

-- The erasable side: one row per committed value. No foreign key to audit.events (partitioned,
-- append-only); event_id and occurred_at locate the event.
create table audit.personal_values (
    tenant_id   text        not null,
    subject_id  text        not null,
    commitment  bytea       not null check (length(commitment) = 32),
    event_id    uuid        not null,
    occurred_at timestamptz not null,
    path        text        not null,
    value_text  text        not null,
    salt        bytea       not null check (length(salt) = 32),
    blind       bytea       not null check (length(blind) = 32),
    primary key (tenant_id, subject_id, commitment)
);
create index personal_values_commitment_ix on audit.personal_values (tenant_id, commitment);
create index personal_values_event_ix on audit.personal_values (tenant_id, event_id);
create index personal_values_blind_ix on audit.personal_values (tenant_id, blind);

-- The blind index key, stored as HMAC-SHA256's precomputed inner and outer pads so the database
-- needs no extension. Installed from configuration by `auditexplorer migrate` (see
-- audit.install_blind_index_key); a random key until then. No role but the owner reads it.
create table audit.blind_index_key (
    singleton    boolean     primary key default true check (singleton),
    inner_pad    bytea       not null check (length(inner_pad) = 64),
    outer_pad    bytea       not null check (length(outer_pad) = 64),
    fingerprint  bytea       not null,
    installed_at timestamptz not null default clock_timestamp()
);

do $$
declare t text;
begin
    foreach t in array array['personal_data_paths', 'personal_values'] loop
        execute format('alter table audit.%I enable row level security', t);
        execute format('alter table audit.%I force row level security', t);
        execute format('create policy %I on audit.%I to auditexplorer_owner using (true) with check (true)', t || '_owner', t);
        execute format($p$create policy %I on audit.%I for select to auditexplorer_reader
                          using (tenant_id = current_setting('app.tenant_id', true))$p$, t || '_tenant_read', t);
    end loop;
end $$;
alter table audit.blind_index_key enable row level security;
alter table audit.blind_index_key force row level security;
create policy blind_index_key_owner on audit.blind_index_key to auditexplorer_owner using (true) with check (true);
grant select on audit.personal_data_paths, audit.personal_values to auditexplorer_reader;

-- 32 bytes from the server's strong random source (gen_random_uuid: 122 random bits each).
create function audit.random_bytes_32() returns bytea
language sql volatile
set search_path = audit, pg_temp
as $$
    select uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())
$$;

-- Installs the blind-index key (HMAC-SHA256, RFC 2104). The same key again is a no-op; another key
-- is refused once personal values exist, because their blind index would stop matching.
create function audit.install_blind_index_key(p_key bytea) returns boolean
language plpgsql
set search_path = audit, pg_temp
as $$
declare
    k     bytea;
    ipad  bytea;
    opad  bytea;
    fp    bytea;
    i     integer;
    v_old bytea;
begin
    if p_key is null or length(p_key) < 32 then
        raise exception 'the blind-index key must be at least 32 bytes' using errcode = 'AE056';
    end if;
    k := case when length(p_key) > 64 then sha256(p_key) else p_key end;
    k := k || decode(repeat('00', 64 - length(k)), 'hex');
    ipad := k;
    opad := k;
    for i in 0..63 loop
        ipad := set_byte(ipad, i, get_byte(k, i) # 54);
        opad := set_byte(opad, i, get_byte(k, i) # 92);
    end loop;
    fp := sha256(opad || sha256(ipad || convert_to('auditexplorer blind-index key fingerprint', 'UTF8')));
    select fingerprint into v_old from audit.blind_index_key;
    if v_old = fp then
        return false;
    end if;
    if v_old is not null and exists (select 1 from audit.personal_values) then
        raise exception 'a different blind-index key is installed and personal values use it; rotating the key is not supported'
            using errcode = 'AE056', hint = 'Configure the key that was installed first.';
    end if;
    insert into audit.blind_index_key (singleton, inner_pad, outer_pad, fingerprint) values (true, ipad, opad, fp)
    on conflict (singleton) do update set inner_pad = excluded.inner_pad, outer_pad = excluded.outer_pad,
        fingerprint = excluded.fingerprint, installed_at = clock_timestamp();
    return true;
end $$;

select audit.install_blind_index_key(audit.random_bytes_32() || audit.random_bytes_32());

-- HMAC-SHA256(key, utf8(tenant) || 0x00 || utf8(value_text)): exact-match search over personal
-- values without their text. The web app calls it for officers' searches (granted to the reader).
create function audit.personal_blind_index(p_tenant_id text, p_value_text text) returns bytea
language sql stable security definer
set search_path = audit, pg_temp
as $$
    select sha256(k.outer_pad || sha256(k.inner_pad || convert_to(p_tenant_id, 'UTF8') || '\x00'::bytea
                                       || convert_to(p_value_text, 'UTF8')))
    from audit.blind_index_key k
$$;

-- The subject id of a personal value: from the same document, else the other one, else the event.
create function audit.personal_subject(p_subject_path text, p_doc jsonb, p_other jsonb, p_entity_id text, p_actor_id text)
returns text
language plpgsql immutable
set search_path = audit, pg_temp
as $$
declare
    v_path text[];
    v      jsonb;
begin
    if p_subject_path = 'entity_id' then return p_entity_id; end if;
    if p_subject_path = 'actor_id' then return p_actor_id; end if;
    v_path := string_to_array(substr(p_subject_path, 3), '.');
    v := coalesce(p_doc #> v_path, p_other #> v_path);
    if v is null or jsonb_typeof(v) not in ('string', 'number') or length(v #>> '{}') not between 1 and 200 then
        return null;
    end if;
    return v #>> '{}';
end $$;

-- Replaces the tenant's personal values in one document by commitments and records them.
create function audit.split_personal_values(
    p_tenant_id text, p_event_id uuid, p_occurred_at timestamptz, p_actor_id text, p_entity_id text,
    p_doc jsonb, p_other jsonb, p_which text
) returns jsonb
language plpgsql volatile
set search_path = audit, pg_temp
as $$
declare
    r          record;
    v_path     text[];
    v          jsonb;
    v_text     text;
    v_subject  text;
    v_salt     bytea;
    v_commit   bytea;
    v_result   jsonb := p_doc;
begin
    if p_doc is null or jsonb_typeof(p_doc) <> 'object' then
        return p_doc;
    end if;
    for r in select path, subject_path from audit.personal_data_paths where tenant_id = p_tenant_id order by path loop
        v_path := string_to_array(substr(r.path, 3), '.');
        v := p_doc #> v_path;
        continue when v is null or jsonb_typeof(v) = 'null';
        v_subject := audit.personal_subject(r.subject_path, p_doc, p_other, p_entity_id, p_actor_id);
        if v_subject is null then
            raise exception 'the personal value at % of the % values has no subject: % is missing or not a string or number',
                r.path, p_which, r.subject_path
                using errcode = 'AE051',
                      hint = 'Include the subject id in the event, or change the tenant''s personal-data paths (audit.personal_data_paths).';
        end if;
        v_text := v::text;
        v_salt := audit.random_bytes_32();
        v_commit := sha256(v_salt || convert_to(v_text, 'UTF8'));
        insert into audit.personal_values (tenant_id, subject_id, commitment, event_id, occurred_at, path, value_text, salt, blind)
        values (p_tenant_id, v_subject, v_commit, p_event_id, p_occurred_at, r.path, v_text, v_salt,
                audit.personal_blind_index(p_tenant_id, v_text));
        v_result := jsonb_set(v_result, v_path, jsonb_build_object('$personal', encode(v_commit, 'hex')));
    end loop;
    return v_result;
end $$;

-- Writers: the write contract with the same signature and checks (011's AE011 here, the rest in
-- audit.insert_checked_event); personal values are split out before the row is written.
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
    v_id          uuid        := coalesce(p_id, audit.uuid_v7());
    v_occurred_at timestamptz := coalesce(p_occurred_at, clock_timestamp());
    v_old         jsonb       := p_old_values;
    v_new         jsonb       := p_new_values;
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
    -- Only tenants that exist have paths; an unknown tenant fails in insert_checked_event (AE001).
    if exists (select 1 from audit.personal_data_paths where tenant_id = p_tenant_id) then
        v_old := audit.split_personal_values(p_tenant_id, v_id, v_occurred_at, p_actor_id, p_entity_id,
                                             p_old_values, p_new_values, 'old');
        v_new := audit.split_personal_values(p_tenant_id, v_id, v_occurred_at, p_actor_id, p_entity_id,
                                             p_new_values, p_old_values, 'new');
    end if;
    return audit.insert_checked_event(p_tenant_id, p_actor_id, p_actor_kind, p_action, p_change_kind,
                                      p_entity_type, p_entity_id, v_old, v_new, p_context,
                                      v_occurred_at, v_id, p_schema_version);
end $$;

-- Erases a subject: its committed values (and their blind index), its name and e-mail, then
-- appends an erasure event naming only the subject id, the eraser and the reason. The web app
-- (reader) must be scoped to the tenant; a non-user actor only from a session acting as the owner.
create function audit.erase_subject(p_tenant_id text, p_subject_id text, p_actor_id text, p_actor_kind text, p_reason text)
returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_scoped   text := nullif(current_setting('app.tenant_id', true), '');
    v_subject  audit.subjects%rowtype;
    v_values   bigint;
    v_details  boolean;
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
    delete from audit.personal_values where tenant_id = p_tenant_id and subject_id = p_subject_id;
    get diagnostics v_values = row_count;
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

revoke all on function audit.random_bytes_32() from public;
revoke all on function audit.install_blind_index_key(bytea) from public;
revoke all on function audit.personal_blind_index(text, text) from public;
revoke all on function audit.personal_subject(text, jsonb, jsonb, text, text) from public;
revoke all on function audit.split_personal_values(text, uuid, timestamptz, text, text, jsonb, jsonb, text) from public;
revoke all on function audit.erase_subject(text, text, text, text, text) from public;
grant execute on function audit.personal_blind_index(text, text) to auditexplorer_reader;
grant execute on function audit.erase_subject(text, text, text, text, text) to auditexplorer_reader;
