-- Tamper evidence: the per-tenant hash chain (seals), the Merkle tree over it (leaf hashes in
-- seals, interior nodes every fourth level in merkle_nodes), signed checkpoints and the record of
-- every verification run. All four tables are append-only, like the events themselves.
-- Format and algorithms: docs/event-format.md and docs/verification.md.

create table audit.seals (
    tenant_id   text        not null,
    seq         bigint      not null check (seq >= 1),
    event_id    uuid        not null,
    occurred_at timestamptz not null,
    prev_hash   bytea       not null check (octet_length(prev_hash) = 32),
    hash        bytea       not null check (octet_length(hash) = 32),
    leaf_hash   bytea       not null check (octet_length(leaf_hash) = 32),
    sealed_at   timestamptz not null default clock_timestamp(),
    primary key (tenant_id, seq),
    unique (tenant_id, event_id)
);

-- Perfect subtree hashes at levels 4, 8, 12, ...: node (level, idx) covers leaves
-- [idx * 2^level, (idx + 1) * 2^level). Written once, when the subtree completes.
create table audit.merkle_nodes (
    tenant_id text     not null,
    level     smallint not null check (level > 0 and level % 4 = 0),
    idx       bigint   not null check (idx >= 0),
    hash      bytea    not null check (octet_length(hash) = 32),
    primary key (tenant_id, level, idx)
);

-- Signed tree heads in the C2SP tlog-checkpoint signed-note format.
create table audit.checkpoints (
    tenant_id text        not null,
    tree_size bigint      not null check (tree_size >= 0),
    root_hash bytea       not null check (octet_length(root_hash) = 32),
    note      text        not null,
    key_id    text        not null,
    issued_at timestamptz not null default clock_timestamp(),
    primary key (tenant_id, tree_size)
);

create table audit.verifications (
    tenant_id        text        not null,
    verification_id  uuid        not null,
    mode             text        not null check (mode in ('full', 'incremental')),
    started_at       timestamptz not null,
    finished_at      timestamptz not null,
    outcome          text        not null check (outcome in ('intact', 'damaged')),
    from_seq         bigint      not null,
    through_seq      bigint      not null,
    events_checked   bigint      not null,
    -- The largest signed checkpoint this run proved, and the chain hash at that seq, so the next
    -- incremental run can start there.
    checkpoint_size  bigint,
    checkpoint_root  bytea,
    chain_hash       bytea,
    first_bad_seq    bigint,
    damage_kind      text,
    findings         jsonb       not null default '[]'::jsonb,
    event_id         uuid        not null,
    primary key (tenant_id, finished_at, verification_id)
);

-- Records a verification run and appends it to the tenant's own audit log in one step.
create function audit.record_verification(
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
    v_event_id := audit.append_event(
        p_tenant_id, p_actor_id, p_actor_kind, 'audit_log.verify', 'access', 'tenant', p_tenant_id,
        null,
        jsonb_build_object('outcome', p_outcome, 'mode', p_mode, 'from_seq', p_from_seq,
                           'through_seq', p_through_seq, 'events_checked', p_events_checked,
                           'first_bad_seq', p_first_bad_seq, 'damage_kind', p_damage_kind),
        jsonb_build_object('verification_id', p_verification_id));
    insert into audit.verifications (tenant_id, verification_id, mode, started_at, finished_at, outcome,
                                     from_seq, through_seq, events_checked, checkpoint_size, checkpoint_root,
                                     chain_hash, first_bad_seq, damage_kind, findings, event_id)
    values (p_tenant_id, p_verification_id, p_mode, p_started_at, clock_timestamp(), p_outcome,
            p_from_seq, p_through_seq, p_events_checked, p_checkpoint_size, p_checkpoint_root,
            p_chain_hash, p_first_bad_seq, p_damage_kind, coalesce(p_findings, '[]'::jsonb), v_event_id);
    return v_event_id;
end $$;

revoke all on function audit.record_verification(text, uuid, text, timestamptz, text, bigint, bigint, bigint, bigint, bytea, bytea, bigint, text, jsonb, text, text) from public;
grant execute on function audit.record_verification(text, uuid, text, timestamptz, text, bigint, bigint, bigint, bigint, bytea, bytea, bigint, text, jsonb, text, text)
    to auditexplorer_reader;

grant select, insert on audit.seals, audit.merkle_nodes, audit.checkpoints to auditexplorer_sealer;
grant select on audit.seals, audit.merkle_nodes, audit.checkpoints, audit.verifications to auditexplorer_reader;

do $$
declare t text;
begin
    foreach t in array array['seals', 'merkle_nodes', 'checkpoints', 'verifications'] loop
        execute format('alter table audit.%I enable row level security', t);
        execute format('alter table audit.%I force row level security', t);
        execute format('create policy %I on audit.%I to auditexplorer_owner using (true) with check (true)', t || '_owner', t);
        execute format($p$create policy %I on audit.%I for select to auditexplorer_reader
                          using (tenant_id = current_setting('app.tenant_id', true))$p$, t || '_tenant_read', t);
        execute format('create trigger %I before update or delete on audit.%I for each row execute function audit.reject_change()',
                       t || '_append_only', t);
        execute format('create trigger %I before truncate on audit.%I for each statement execute function audit.reject_change()',
                       t || '_no_truncate', t);
    end loop;
end $$;

-- The sealer extends every tenant's chain and tree and signs checkpoints; it has no UPDATE or DELETE.
create policy seals_sealer on audit.seals for all to auditexplorer_sealer using (true) with check (true);
create policy merkle_nodes_sealer on audit.merkle_nodes for all to auditexplorer_sealer using (true) with check (true);
create policy checkpoints_sealer on audit.checkpoints for all to auditexplorer_sealer using (true) with check (true);

-- The Integrity page shows the unsealed backlog; verification counts it to find events that
-- bypassed the write contract. The reader sees only its tenant's queue rows (003's policy).
grant select on audit.seal_queue to auditexplorer_reader;
