-- Least privilege and tenant isolation in the database itself.
-- auditexplorer_writer: may only call the write contract.
-- auditexplorer_reader: reads through row-level security scoped by app.tenant_id (set per
--   transaction with set_config(..., true)) and appends access events for what it reads.
-- auditexplorer_sealer: drains the seal queue into the chain.

revoke all on schema audit from public;
revoke all on all tables in schema audit from public;
revoke all on all functions in schema audit from public;

grant usage on schema audit to auditexplorer_writer, auditexplorer_reader, auditexplorer_sealer;
grant execute on function audit.append_event(text, text, text, text, text, text, text, jsonb, jsonb, jsonb, timestamptz, uuid, integer)
    to auditexplorer_writer, auditexplorer_reader;
grant execute on function audit.upsert_subject(text, text, text, text) to auditexplorer_writer, auditexplorer_reader;
grant select on audit.events, audit.subjects, audit.tenants to auditexplorer_reader;
grant select on audit.tenants to auditexplorer_sealer;
grant select on audit.events to auditexplorer_sealer;
grant select, delete on audit.seal_queue to auditexplorer_sealer;

do $$
declare t text;
begin
    foreach t in array array['tenants', 'subjects', 'events', 'seal_queue'] loop
        execute format('alter table audit.%I enable row level security', t);
        execute format('alter table audit.%I force row level security', t);
        -- The owner (migrations, security-definer functions) is unrestricted by policy.
        execute format('create policy %I on audit.%I to auditexplorer_owner using (true) with check (true)', t || '_owner', t);
        execute format($p$create policy %I on audit.%I for select to auditexplorer_reader
                          using (tenant_id = current_setting('app.tenant_id', true))$p$, t || '_tenant_read', t);
    end loop;
end $$;

-- The sealer works across tenants, one tenant per batch, and never reads values it does not hash.
create policy events_sealer on audit.events for select to auditexplorer_sealer using (true);
create policy seal_queue_sealer on audit.seal_queue for all to auditexplorer_sealer using (true);
create policy tenants_sealer on audit.tenants for select to auditexplorer_sealer using (true);
