-- Server-side sign-in sessions and the web app's data-protection keys, in their own schema `web`:
-- they belong to the web app, not to the audit log, and no audit role or audit policy applies to them.
-- Runs as the owner role. Nothing here is tenant-scoped (a session is a person's, across tenants),
-- so on Citus both tables stay local to the coordinator (docs/scaling.md).

create schema if not exists web;
revoke all on schema web from public;
grant usage on schema web to auditexplorer_reader;

-- One row per signed-in browser. The browser holds a random key (256 bits); the row is found by
-- its SHA-256, so whoever reads this table cannot present a key it never saw. `ticket` is the
-- serialized, opaque sign-in (claims and the ID token used for sign-out), written by the web app.
create table web.sessions (
    key_hash            bytea       primary key check (octet_length(key_hash) = 32),
    ticket              bytea       not null,
    created_at          timestamptz not null,
    last_seen_at        timestamptz not null,
    -- Refused once either moment has passed; idle never reaches past absolute.
    idle_expires_at     timestamptz not null,
    absolute_expires_at timestamptz not null,
    check (idle_expires_at <= absolute_expires_at)
);
-- The purge deletes by expiry; idle_expires_at <= absolute_expires_at makes one column enough.
create index sessions_idle_expires_at on web.sessions (idle_expires_at);

-- ASP.NET Core data-protection key ring (EF Core's DataProtectionKey entity: Id, FriendlyName, Xml).
-- Every instance connected to this database shares these keys, so they accept each other's
-- cookies; another database means another key ring, and its cookies mean nothing here.
create table web.data_protection_keys (
    id            integer generated always as identity primary key,
    friendly_name text,
    xml           text
);

revoke all on all tables in schema web from public;
-- The web app signs people in and out and renews sessions; it may read and add keys (the key
-- manager creates and rotates them) but never rewrite or remove one.
grant select, insert, update, delete on web.sessions to auditexplorer_reader;
grant select, insert on web.data_protection_keys to auditexplorer_reader;
