-- Acknowledged loss (docs/verification.md, "After a restore"): after a restore to an older point the
-- signer's operator may accept that seqs restored_size+1 … lost_size are gone. The signer's own
-- record (outside the database) holds the signed acknowledgement and is what verification trusts;
-- this table is the database's copy, for the Integrity page and for queries. A row here without
-- the record's entry acknowledges nothing: verification still reports the rollback.
-- New SQLSTATEs (docs/writing-events.md): AE070 acknowledgement refused (reason, case id or actor),
-- AE071 acknowledgement does not match the chain (sizes or roots).

create table audit.acknowledged_losses (
    tenant_id          text        not null references audit.tenants(tenant_id),
    acknowledgement_id uuid        not null,
    lost_from_seq      bigint      not null,
    lost_through_seq   bigint      not null,
    restored_size      bigint      not null check (restored_size >= 1),
    restored_root      bytea       not null check (octet_length(restored_root) = 32),
    lost_root          bytea       not null check (octet_length(lost_root) = 32),
    lost_signed_at     timestamptz not null,
    acknowledged_by    text        not null,
    reason             text        not null check (length(btrim(reason)) between 1 and 2000),
    case_id            text,
    note               text        not null,
    event_id           uuid        not null,
    acknowledged_at    timestamptz not null default clock_timestamp(),
    primary key (tenant_id, acknowledged_at, acknowledgement_id),
    check (lost_from_seq = restored_size + 1 and lost_through_seq >= lost_from_seq)
);

grant select on audit.acknowledged_losses to auditexplorer_reader, auditexplorer_sealer;
alter table audit.acknowledged_losses enable row level security;
alter table audit.acknowledged_losses force row level security;
create policy acknowledged_losses_tenant_read on audit.acknowledged_losses for select to auditexplorer_reader
    using (tenant_id = current_setting('app.tenant_id', true));
create policy acknowledged_losses_sealer_read on audit.acknowledged_losses for select to auditexplorer_sealer using (true);
-- Rows arrive only through audit.acknowledge_loss (security definer, run as the owner).
create policy acknowledged_losses_owner on audit.acknowledged_losses to auditexplorer_owner using (true) with check (true);
create trigger acknowledged_losses_append_only before update or delete on audit.acknowledged_losses
    for each row execute function audit.reject_change();
create trigger acknowledged_losses_no_truncate before truncate on audit.acknowledged_losses
    for each statement execute function audit.reject_change();

-- A run whose only finding is an acknowledged loss is neither intact nor damaged.
alter table audit.verifications drop constraint verifications_outcome_check;
alter table audit.verifications add constraint verifications_outcome_check
    check (outcome in ('intact', 'damaged', 'loss_acknowledged'));

-- Appends the integrity.loss_acknowledged event (actor kind system, the signer's operator) and the
-- row, in the caller's transaction; the signer writes its record entry before that commits.
create function audit.acknowledge_loss(
    p_tenant_id text, p_actor_id text, p_restored_size bigint, p_restored_root bytea,
    p_lost_size bigint, p_lost_root bytea, p_lost_signed_at timestamptz,
    p_reason text, p_case_id text, p_note text
) returns uuid
language plpgsql security definer
set search_path = audit, pg_temp
as $$
declare
    v_chain    bigint;
    v_event_id uuid;
begin
    if not exists (select 1 from audit.tenants t where t.tenant_id = p_tenant_id) then
        raise exception 'unknown tenant "%"', p_tenant_id using errcode = 'AE001';
    end if;
    if p_reason is null or length(btrim(p_reason)) = 0 or length(p_reason) > 2000 then
        raise exception 'a reason is required to acknowledge a loss (1 to 2000 characters)' using errcode = 'AE070';
    end if;
    if p_case_id is not null and (length(btrim(p_case_id)) = 0 or length(p_case_id) > 200) then
        raise exception 'a case id has 1 to 200 characters' using errcode = 'AE070';
    end if;
    if p_actor_id is null or length(btrim(p_actor_id)) = 0 or length(p_actor_id) > 200 then
        raise exception 'the operator acknowledging a loss must be named (1 to 200 characters)' using errcode = 'AE070';
    end if;
    select coalesce(max(s.seq), 0) into v_chain from audit.seals s where s.tenant_id = p_tenant_id;
    if p_restored_size is null or p_restored_size < 1 or p_restored_size <> v_chain then
        raise exception 'tenant "%" holds % sealed events, not %: the acknowledgement must start where the chain ends', p_tenant_id, v_chain, p_restored_size
            using errcode = 'AE071';
    end if;
    if p_lost_size is null or p_lost_size <= p_restored_size then
        raise exception 'nothing is lost: the signed size % is not beyond the chain''s % events', p_lost_size, p_restored_size
            using errcode = 'AE071';
    end if;
    if octet_length(p_restored_root) is distinct from 32 or octet_length(p_lost_root) is distinct from 32 then
        raise exception 'roots are 32-byte SHA-256 hashes' using errcode = 'AE071';
    end if;
    v_event_id := audit.insert_checked_event(
        p_tenant_id, p_actor_id, 'system', 'integrity.loss_acknowledged', 'other', 'tenant', p_tenant_id,
        null,
        jsonb_build_object('lost_from_seq', p_restored_size + 1, 'lost_through_seq', p_lost_size,
                           'restored_size', p_restored_size, 'restored_root', encode(p_restored_root, 'base64'),
                           'lost_size', p_lost_size, 'lost_root', encode(p_lost_root, 'base64'),
                           'lost_signed_at', p_lost_signed_at, 'reason', p_reason, 'case_id', p_case_id),
        jsonb_build_object('case_id', p_case_id),
        null, null, 1);
    insert into audit.acknowledged_losses (tenant_id, acknowledgement_id, lost_from_seq, lost_through_seq, restored_size,
                                           restored_root, lost_root, lost_signed_at, acknowledged_by, reason, case_id, note, event_id)
    values (p_tenant_id, gen_random_uuid(), p_restored_size + 1, p_lost_size, p_restored_size,
            p_restored_root, p_lost_root, p_lost_signed_at, p_actor_id, p_reason, p_case_id, p_note, v_event_id);
    return v_event_id;
end $$;

revoke all on function audit.acknowledge_loss(text, text, bigint, bytea, bigint, bytea, timestamptz, text, text, text) from public;
grant execute on function audit.acknowledge_loss(text, text, bigint, bytea, bigint, bytea, timestamptz, text, text, text)
    to auditexplorer_sealer;
