-- Witness cosignatures (C2SP tlog-cosignature, Ed25519 type 0x04) on signed checkpoints. The sealer submits
-- each new checkpoint to its configured witnesses (c2sp.org/tlog-witness) and stores the signature line each
-- one returns; the note served by the checkpoint API and written into evidence packages is the checkpoint's
-- note followed by these lines (docs/event-format.md §5, "Cosignatures"). Append-only like the checkpoints.
create table audit.checkpoint_cosignatures (
    tenant_id      text        not null,
    tree_size      bigint      not null,
    -- "name+keyid(hex)" of the witness key that cosigned.
    witness_key    text        not null check (length(witness_key) between 10 and 300),
    -- The witness's own timestamp (POSIX seconds inside the signature).
    cosigned_at    timestamptz not null,
    -- The whole note signature line, "— name base64(key id ‖ timestamp ‖ signature)" and its newline.
    signature_line text        not null check (left(signature_line, 2) = E'\u2014 ' and right(signature_line, 1) = E'\n'
                                               and strpos(left(signature_line, -1), E'\n') = 0),
    recorded_at    timestamptz not null default clock_timestamp(),
    primary key (tenant_id, tree_size, witness_key),
    foreign key (tenant_id, tree_size) references audit.checkpoints (tenant_id, tree_size)
);

revoke all on audit.checkpoint_cosignatures from public;
grant select, insert on audit.checkpoint_cosignatures to auditexplorer_sealer;
grant select on audit.checkpoint_cosignatures to auditexplorer_reader;

alter table audit.checkpoint_cosignatures enable row level security;
alter table audit.checkpoint_cosignatures force row level security;
create policy checkpoint_cosignatures_owner on audit.checkpoint_cosignatures to auditexplorer_owner using (true) with check (true);
create policy checkpoint_cosignatures_tenant_read on audit.checkpoint_cosignatures for select to auditexplorer_reader
    using (tenant_id = current_setting('app.tenant_id', true));
create policy checkpoint_cosignatures_sealer on audit.checkpoint_cosignatures for all to auditexplorer_sealer using (true) with check (true);
create trigger checkpoint_cosignatures_append_only before update or delete on audit.checkpoint_cosignatures
    for each row execute function audit.reject_change();
create trigger checkpoint_cosignatures_no_truncate before truncate on audit.checkpoint_cosignatures
    for each statement execute function audit.reject_change();
