-- Durable export jobs (docs/evidence-packages.md, "Export jobs"): each evidence export started in the
-- web app is a row here, from queued to succeeded/failed/cancelled and finally expired. The row is the
-- history the Exports page lists and what the download endpoint serves from, so both survive a restart;
-- a hosted worker in every web instance claims queued rows (FOR UPDATE SKIP LOCKED) and keeps a
-- heartbeat while it runs one. Schema `web`: the rows belong to the web app, not to the audit log (the
-- export and every download are still access events in the log). Runs as the owner role.
-- New SQLSTATEs: AE181 an export job cannot move that way, AE182 export job history is never deleted.

create table web.export_jobs (
    tenant_id          text        not null references audit.tenants(tenant_id),
    id                 uuid        not null,
    requested_by_id    text        not null check (length(requested_by_id) between 1 and 200),
    requested_by_name  text        not null check (length(requested_by_name) between 1 and 200),
    -- The filter exactly as the export's access event records it (context.filter).
    filter             jsonb       not null check (jsonb_typeof(filter) = 'object'),
    reason             text        check (length(reason) <= 2000),
    status             text        not null default 'queued'
                       check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'expired')),
    rows_done          bigint      not null default 0 check (rows_done >= 0),
    rows_total         bigint      check (rows_total >= 0),
    event_count        bigint      check (event_count >= 0),
    size_bytes         bigint      check (size_bytes >= 0),
    sha256             text        check (sha256 ~ '^[0-9a-f]{64}$'),
    access_event_id    uuid,
    error              text        check (length(error) <= 2000),
    created_at         timestamptz not null default clock_timestamp(),
    started_at         timestamptz,
    finished_at        timestamptz,
    expires_at         timestamptz,
    -- Relative to the configured export folder, and fixed by tenant and id: a row cannot point anywhere else.
    file_path          text        not null check (file_path = tenant_id || '/' || replace(id::text, '-', '') || '.zip'),
    cancel_requested   boolean     not null default false,
    claimed_by         text        check (length(claimed_by) <= 200),
    heartbeat_at       timestamptz,
    primary key (tenant_id, id),
    check (status <> 'succeeded' or (sha256 is not null and size_bytes is not null and expires_at is not null))
);
-- The Exports page: newest first per tenant.
create index export_jobs_history on web.export_jobs (tenant_id, created_at desc, id);
-- The worker's queue and stale check: only live rows, so the index stays small however long the history.
create index export_jobs_live on web.export_jobs (tenant_id, created_at) where status in ('queued', 'running');
-- The expiry sweep.
create index export_jobs_expiring on web.export_jobs (tenant_id, expires_at) where status = 'succeeded';

-- Statuses only move forward: queued -> running | cancelled | failed, running -> succeeded | failed |
-- cancelled, succeeded -> expired. Once a job has ended, nothing about it changes except that a
-- succeeded package expires, so the history cannot be rewritten by the role that writes it.
create function web.export_jobs_guard() returns trigger
language plpgsql
set search_path = web, pg_temp
as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'export job history is kept: a job expires (its file is deleted), its row stays'
            using errcode = 'AE182';
    end if;
    if old.status in ('failed', 'cancelled', 'expired') then
        raise exception 'export job % has ended (%); it cannot change', old.id, old.status using errcode = 'AE181';
    end if;
    if old.status = 'succeeded' and (new.status <> 'expired'
        or (new.sha256, new.size_bytes, new.event_count, new.access_event_id, new.finished_at)
           is distinct from (old.sha256, old.size_bytes, old.event_count, old.access_event_id, old.finished_at)) then
        raise exception 'export job % has succeeded; it can only expire', old.id using errcode = 'AE181';
    end if;
    if new.status <> old.status and not (
        (old.status = 'queued' and new.status in ('running', 'cancelled', 'failed'))
        or (old.status = 'running' and new.status in ('succeeded', 'failed', 'cancelled'))
        or (old.status = 'succeeded' and new.status = 'expired')) then
        raise exception 'export job % cannot move from % to %', old.id, old.status, new.status using errcode = 'AE181';
    end if;
    return new;
end $$;
create trigger export_jobs_guard before update or delete on web.export_jobs
    for each row execute function web.export_jobs_guard();

alter table web.export_jobs enable row level security;
alter table web.export_jobs force row level security;
create policy export_jobs_owner on web.export_jobs to auditexplorer_owner using (true) with check (true);
-- The web app sees, adds and updates jobs only of the tenant its transaction is scoped to.
create policy export_jobs_tenant on web.export_jobs for all to auditexplorer_reader
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));

revoke all on web.export_jobs from public;
-- Insert: who asks for what; status, progress and results start at their defaults.
grant select on web.export_jobs to auditexplorer_reader;
grant insert (tenant_id, id, requested_by_id, requested_by_name, filter, reason, file_path)
    on web.export_jobs to auditexplorer_reader;
-- Update: what a worker reports and the page's cancel flag; never who asked, the filter, the reason,
-- when it was asked or where the file lies. No DELETE.
grant update (status, rows_done, rows_total, event_count, size_bytes, sha256, access_event_id, error,
              started_at, finished_at, expires_at, cancel_requested, claimed_by, heartbeat_at)
    on web.export_jobs to auditexplorer_reader;

-- The worker serves every tenant, but the reader sees one tenant per transaction. These three
-- functions are the only cross-tenant paths, each doing one fixed thing.

-- Claims the oldest queued job of any tenant for p_worker: locked rows another worker is claiming
-- are skipped, and the claim commits with the caller's transaction, so no job is claimed twice.
create function web.claim_export_job(p_worker text) returns table (tenant_id text, id uuid)
language plpgsql security definer
set search_path = web, pg_temp
as $$
begin
    if p_worker is null or length(p_worker) not between 1 and 200 then
        raise exception 'worker id is required (1 to 200 characters)' using errcode = 'AE181';
    end if;
    return query
    with next as (
        select j.tenant_id, j.id from web.export_jobs j
        where j.status = 'queued' and not j.cancel_requested
        order by j.created_at
        limit 1
        for update skip locked
    )
    update web.export_jobs j
    set status = 'running', claimed_by = p_worker, heartbeat_at = clock_timestamp(), started_at = clock_timestamp()
    from next where j.tenant_id = next.tenant_id and j.id = next.id
    returning j.tenant_id, j.id;
end $$;

-- Marks running jobs whose worker stopped beating for p_stale as failed (the worker crashed or its host
-- restarted before it could say so). Returns the jobs it ended, whose partial files the caller removes.
create function web.fail_stale_export_jobs(p_stale interval) returns table (tenant_id text, id uuid, file_path text)
language plpgsql security definer
set search_path = web, pg_temp
as $$
begin
    if p_stale is null or p_stale <= interval '0' then
        raise exception 'the stale interval must be positive' using errcode = 'AE181';
    end if;
    return query
    update web.export_jobs j
    set status = 'failed',
        error = 'interrupted by a restart (its worker stopped at '
                || to_char(j.heartbeat_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC); export again',
        finished_at = clock_timestamp()
    where j.status = 'running' and j.heartbeat_at < clock_timestamp() - p_stale
    returning j.tenant_id, j.id, j.file_path;
end $$;

-- Succeeded jobs past their expiry, for the worker to delete the file and then mark the row expired
-- (in the tenant's scope). Read only.
create function web.expired_export_jobs() returns table (tenant_id text, id uuid, file_path text)
language sql stable security definer
set search_path = web, pg_temp
as $$
    select j.tenant_id, j.id, j.file_path from web.export_jobs j
    where j.status = 'succeeded' and j.expires_at <= clock_timestamp()
    order by j.expires_at
    limit 1000
$$;

revoke all on function web.claim_export_job(text), web.fail_stale_export_jobs(interval), web.expired_export_jobs() from public;
grant execute on function web.claim_export_job(text), web.fail_stale_export_jobs(interval), web.expired_export_jobs()
    to auditexplorer_reader;
