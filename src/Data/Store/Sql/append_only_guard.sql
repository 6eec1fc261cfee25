-- Not a migration: run by a superuser after every `auditexplorer migrate` (the migrate command does
-- it when given --superuser-connection or AUDITEXPLORER_SUPERUSER_CONNECTION). Idempotent.
--
-- Append-only for the owner too. Triggers stop UPDATE, DELETE and TRUNCATE, but the owner of a
-- table can still remove its rows with DDL: DROP TABLE a partition, DETACH it first, DISABLE the
-- append-only trigger, drop a column, rewrite the table (ALTER COLUMN ... TYPE ... USING), or
-- replace audit.reject_change itself. Only event triggers see DDL, and only a superuser can
-- create one, so the guard lives here, in a schema the owner cannot change (audit_guard).
--
-- Protected tables are the ones a trigger runs audit.reject_change on: the append-only tables
-- (events, seals, merkle_nodes, checkpoints, verifications) and every events partition.
-- Refused for any role but a superuser (SQLSTATE AE100):
--   DROP TABLE / DROP SCHEMA / DROP OWNED of a protected table, DROP of one of its reject triggers,
--   ALTER TABLE ... DROP COLUMN on it, ALTER TABLE ... DETACH PARTITION,
--   ALTER TABLE ... DISABLE TRIGGER (or ENABLE REPLICA TRIGGER) of a reject trigger,
--   ALTER TABLE ... DISABLE / NO FORCE ROW LEVEL SECURITY on a protected table or on
--     tenants, subjects, seal_queue,
--   a rewrite of a protected table (ALTER COLUMN TYPE, a volatile default),
--   CREATE OR REPLACE / ALTER / DROP of audit.reject_change.
-- Still allowed: CREATE TABLE, new partitions (they get their truncate trigger automatically),
-- ADD COLUMN with a constant default, indexes, policies, functions — what migrations do.
--
-- The one way through for a non-superuser is audit_guard.drop_expired_partition, which runs as
-- the superuser that installed it (security definer) and decides itself what may go. It is the
-- hook for retention: today it drops only an empty monthly partition that lies entirely in the
-- past; the retention feature replaces its body here (archive first, retention periods, legal
-- holds). docs/database-roles.md says what a superuser can still do and how verification
-- catches it.

create schema if not exists audit_guard;
revoke all on schema audit_guard from public;
grant usage on schema audit_guard to auditexplorer_owner;

-- ddl_command_start: remember which tables and triggers are protected before the command runs,
-- because after a DROP they are gone from the catalog. A DROP runs no code of the caller between
-- this and sql_drop, so the transaction-local setting cannot be changed in between.
create or replace function audit_guard.remember_protected() returns event_trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    v_reject regprocedure := to_regprocedure('audit.reject_change()');
begin
    perform set_config('audit_guard.protected_tables',
        coalesce((select array_agg(distinct t.tgrelid)::text from pg_trigger t where t.tgfoid = v_reject), '{}'), true);
    perform set_config('audit_guard.protected_triggers',
        coalesce((select array_agg(t.oid)::text from pg_trigger t where t.tgfoid = v_reject), '{}'), true);
end $$;

-- sql_drop: refuse dropping a protected table, one of its reject triggers, or a column of it.
create or replace function audit_guard.refuse_drop() returns event_trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    v_reject   regprocedure := to_regprocedure('audit.reject_change()');
    v_tables   text := current_setting('audit_guard.protected_tables', true);
    v_triggers text := current_setting('audit_guard.protected_triggers', true);
    r record;
begin
    if (select rolsuper from pg_roles where rolname = current_user) then
        return;
    end if;
    if coalesce(v_tables, '') = '' or coalesce(v_triggers, '') = '' then
        raise exception 'cannot tell which audit tables this drop touches, so it is refused'
            using errcode = 'AE100';
    end if;
    for r in select * from pg_event_trigger_dropped_objects() loop
        -- A column drop can share its ALTER TABLE with code that runs during the command, so it is
        -- checked against the catalog as it is now (the table still exists), not the setting.
        if r.classid = 'pg_class'::regclass and r.objsubid <> 0
           and exists (select 1 from pg_trigger t where t.tgrelid = r.objid and t.tgfoid = v_reject) then
            raise exception 'dropping column % is not allowed: the audit log is append-only', r.object_identity
                using errcode = 'AE100';
        end if;
        if (r.classid = 'pg_class'::regclass and r.objsubid = 0 and r.objid = any (v_tables::oid[]))
           or (r.classid = 'pg_trigger'::regclass and r.objid = any (v_triggers::oid[])) then
            raise exception 'dropping % % is not allowed: the audit log is append-only', r.object_type, r.object_identity
                using errcode = 'AE100',
                      hint = 'Expired partitions leave only through audit_guard.drop_expired_partition (retention).';
        end if;
        if r.classid = 'pg_proc'::regclass and r.object_identity = 'audit.reject_change()' then
            raise exception 'dropping audit.reject_change() is not allowed: the audit log is append-only'
                using errcode = 'AE100';
        end if;
    end loop;
end $$;

-- ddl_command_end: give new partitions of protected tables their truncate trigger (for every
-- role), then refuse what left a protected table detached, with a disabled reject trigger or
-- without row-level security, and any change to audit.reject_change.
create or replace function audit_guard.check_ddl() returns event_trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    v_reject regprocedure := to_regprocedure('audit.reject_change()');
    r record;
begin
    if v_reject is null then
        return;
    end if;
    -- TRUNCATE of a partition fires only the partition's own statement triggers.
    for r in
        select c.oid::regclass as part, t.tgname
        from pg_trigger t
        join pg_class p on p.oid = t.tgrelid and p.relkind = 'p'
        cross join lateral pg_partition_tree(p.oid) tree
        join pg_class c on c.oid = tree.relid and c.relkind in ('r', 'p') and c.oid <> p.oid
        where t.tgfoid = v_reject and t.tgtype & 32 <> 0 and t.tgparentid = 0
          and not exists (select 1 from pg_trigger x where x.tgrelid = c.oid and x.tgfoid = v_reject and x.tgtype & 32 <> 0)
    loop
        execute format('create trigger %I before truncate on %s for each statement execute function audit.reject_change()', r.tgname, r.part);
    end loop;

    if (select rolsuper from pg_roles where rolname = current_user) then
        return;
    end if;
    for r in select * from pg_event_trigger_ddl_commands() loop
        if r.classid = 'pg_proc'::regclass and r.objid = v_reject then
            raise exception '% of audit.reject_change() is not allowed: the audit log is append-only', r.command_tag
                using errcode = 'AE100';
        end if;
    end loop;
    for r in
        select t.tgname, t.tgrelid::regclass as tbl from pg_trigger t
        where t.tgfoid = v_reject and t.tgenabled not in ('O', 'A')
    loop
        raise exception 'disabling trigger % on % is not allowed: the audit log is append-only', r.tgname, r.tbl
            using errcode = 'AE100';
    end loop;
    -- A detached partition keeps its own truncate trigger but loses the row triggers it had
    -- from the parent; every other protected table has row triggers of its own.
    for r in
        select distinct c.oid::regclass as tbl from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where t.tgfoid = v_reject and not c.relispartition
          and not exists (select 1 from pg_trigger x where x.tgrelid = c.oid and x.tgfoid = v_reject and x.tgtype & 1 <> 0)
    loop
        raise exception 'detaching partition % is not allowed: the audit log is append-only', r.tbl
            using errcode = 'AE100',
                  hint = 'Expired partitions leave only through audit_guard.drop_expired_partition (retention).';
    end loop;
    for r in
        select c.oid::regclass as tbl from pg_class c
        where (c.oid in (select t.tgrelid from pg_trigger t where t.tgfoid = v_reject) and not c.relispartition
               or c.oid in (to_regclass('audit.tenants'), to_regclass('audit.subjects'), to_regclass('audit.seal_queue')))
          and not (c.relrowsecurity and c.relforcerowsecurity)
    loop
        raise exception 'turning off row-level security on % is not allowed: it keeps tenants apart', r.tbl
            using errcode = 'AE100';
    end loop;
end $$;

-- table_rewrite: an ALTER that rewrites a protected table could change every row.
create or replace function audit_guard.refuse_rewrite() returns event_trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
    v_table oid := pg_event_trigger_table_rewrite_oid();
begin
    if (select rolsuper from pg_roles where rolname = current_user) then
        return;
    end if;
    if exists (select 1 from pg_trigger t where t.tgrelid = v_table and t.tgfoid = to_regprocedure('audit.reject_change()')) then
        raise exception 'rewriting % is not allowed: the audit log is append-only', v_table::regclass
            using errcode = 'AE100';
    end if;
end $$;

-- The retention hook: runs as the superuser that installed it, so the guard lets its DETACH and
-- DROP through; everything it drops it must have decided on itself. Until the retention feature
-- (archive as an evidence package, per-tenant periods, legal holds) replaces this body, it drops
-- only an empty monthly partition of audit.events whose month is over, so no event can be lost.
create or replace function audit_guard.drop_expired_partition(p_partition regclass) returns void
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_bound text;
    v_upper timestamptz;
    v_rows  boolean;
begin
    select pg_get_expr(c.relpartbound, c.oid) into v_bound
    from pg_class c join pg_inherits i on i.inhrelid = c.oid
    where c.oid = p_partition and i.inhparent = 'audit.events'::regclass;
    if v_bound is null or v_bound = 'DEFAULT' then
        raise exception '% is not a monthly partition of audit.events', p_partition using errcode = 'AE100';
    end if;
    v_upper := substring(v_bound from 'TO \(''([^'']+)''\)')::timestamptz;
    if v_upper is null or v_upper > date_trunc('month', now()) then
        raise exception 'partition % is not over yet (it ends %)', p_partition, v_upper using errcode = 'AE100';
    end if;
    execute format('select exists (select 1 from %s)', p_partition) into v_rows;
    if v_rows then
        raise exception 'partition % still holds events; retention must archive them first', p_partition
            using errcode = 'AE100';
    end if;
    execute format('alter table audit.events detach partition %s', p_partition);
    execute format('drop table %s', p_partition);
end $$;

revoke all on function audit_guard.drop_expired_partition(regclass) from public;
grant execute on function audit_guard.drop_expired_partition(regclass) to auditexplorer_owner;

drop event trigger if exists audit_guard_remember;
drop event trigger if exists audit_guard_drop;
drop event trigger if exists audit_guard_ddl;
drop event trigger if exists audit_guard_rewrite;
create event trigger audit_guard_remember on ddl_command_start execute function audit_guard.remember_protected();
create event trigger audit_guard_drop on sql_drop execute function audit_guard.refuse_drop();
create event trigger audit_guard_ddl on ddl_command_end execute function audit_guard.check_ddl();
create event trigger audit_guard_rewrite on table_rewrite execute function audit_guard.refuse_rewrite();
