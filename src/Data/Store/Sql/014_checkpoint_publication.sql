-- Checkpoint publication: bearer tokens with which a tenant's monitor or witness reads the tenant's
-- published checkpoints and consistency proofs over HTTP (docs/verification.md, "Published checkpoints").
-- Only a SHA-256 of each token is stored. The owner creates and revokes tokens (`auditexplorer
-- monitor-token`); the web app (reader) only checks them.
create table web.monitor_tokens (
    tenant_id  text        not null references audit.tenants(tenant_id),
    token_hash bytea       not null check (octet_length(token_hash) = 32),
    label      text        not null check (length(label) between 1 and 100),
    created_at timestamptz not null default clock_timestamp(),
    revoked_at timestamptz,
    primary key (tenant_id, token_hash)
);
create index monitor_tokens_label_ix on web.monitor_tokens (tenant_id, label);

revoke all on web.monitor_tokens from public;
grant select on web.monitor_tokens to auditexplorer_reader;
