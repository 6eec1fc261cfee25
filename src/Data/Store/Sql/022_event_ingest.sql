-- Ingest API (docs/ingest-api.md): sources that cannot call audit.append_event inside their own
-- transaction send events over HTTPS with a per-tenant API key.
--   web.api_keys: created, listed and revoked by a tenant's audit admin through the web app (the
--     reader role, inside the tenant's scope, with an access event in the same transaction). Only
--     a SHA-256 of the key's secret is stored; the key id is the events' actor (kind api-key).
--   web.ingest_batches: one row per accepted batch and Idempotency-Key, written by the writer role
--     in the same transaction as the events, so a retried batch returns the same ids instead of
--     appending again.
create table web.api_keys (
    tenant_id   text        not null references audit.tenants(tenant_id),
    key_id      text        not null check (key_id ~ '^ak_[a-z2-7]{16}$'),
    secret_hash bytea       not null check (octet_length(secret_hash) = 32),
    label       text        not null check (length(label) between 1 and 100),
    created_by  text        not null,
    created_at  timestamptz not null default clock_timestamp(),
    revoked_by  text,
    revoked_at  timestamptz,
    primary key (tenant_id, key_id),
    check ((revoked_at is null) = (revoked_by is null))
);

create table web.ingest_batches (
    tenant_id       text        not null references audit.tenants(tenant_id),
    key_id          text        not null,
    idempotency_key text        not null check (length(idempotency_key) between 1 and 200),
    request_sha256  bytea       not null check (octet_length(request_sha256) = 32),
    event_ids       uuid[]      not null,
    received_at     timestamptz not null default clock_timestamp(),
    primary key (tenant_id, key_id, idempotency_key),
    foreign key (tenant_id, key_id) references web.api_keys (tenant_id, key_id)
);

revoke all on web.api_keys, web.ingest_batches from public;

-- Tenant isolation for the web app, as on the audit tables: only rows of the transaction's tenant.
alter table web.api_keys enable row level security;
alter table web.api_keys force row level security;
create policy api_keys_owner on web.api_keys to auditexplorer_owner using (true) with check (true);
create policy api_keys_reader on web.api_keys to auditexplorer_reader
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
grant select, insert on web.api_keys to auditexplorer_reader;
grant update (revoked_by, revoked_at) on web.api_keys to auditexplorer_reader;

-- The writer checks nothing here itself: the web app authenticated the key as the reader first.
grant usage on schema web to auditexplorer_writer;
grant select, insert on web.ingest_batches to auditexplorer_writer;
