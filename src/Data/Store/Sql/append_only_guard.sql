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
-- the superuser that installed it (security definer) and decides itself what may go: the
-- retention hook (expired periods, legal holds, a recorded archive; see below and
-- docs/retention.md). docs/database-roles.md says what a superuser can still do and how verification
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
    -- TRUNCATE of a partition fires only the partition's own statement triggers. Only the tables this
    -- command created or altered (and their partitions) can lack one, so only those are looked at:
    -- walking every protected tree on every DDL made creating a store's months quadratic.
    for r in
        -- One per partition: with months partitioned by tenant, a partition is under two protected parents.
        select distinct on (c.oid) c.oid::regclass as part, t.tgname
        from (select distinct tree.relid from pg_event_trigger_ddl_commands() d
              cross join lateral pg_partition_tree(d.objid) tree
              where d.classid = 'pg_class'::regclass) n
        join pg_class c on c.oid = n.relid and c.relkind in ('r', 'p') and c.relispartition
        cross join lateral pg_partition_ancestors(c.oid) a
        join pg_trigger t on t.tgrelid = a.relid and t.tgfoid = v_reject and t.tgtype & 32 <> 0 and t.tgparentid = 0
        where a.relid <> c.oid
          and not exists (select 1 from pg_trigger x where x.tgrelid = c.oid and x.tgfoid = v_reject and x.tgtype & 32 <> 0)
        order by c.oid, t.tgname
    loop
        execute format('create trigger %I before truncate on %s for each statement execute function audit.reject_change()', r.tgname, r.part);
    end loop;

    if (select rolsuper from pg_roles where rolname = current_user) then
        return;
    end if;
    -- Creating a table or index (a new month or partition: most of what migrations and maintenance do)
    -- can neither remove history nor change an existing table's triggers or row security, nor can
    -- adding a reject truncate trigger (this function's own, above) to a table that keeps its row
    -- protection; every other command is checked at its own end, so the scans below are skipped.
    if not exists (
        select 1 from pg_event_trigger_ddl_commands() d
        where not (d.command_tag in ('CREATE TABLE', 'CREATE INDEX')
                   or (d.command_tag = 'CREATE TRIGGER' and exists (
                         select 1 from pg_trigger t join pg_class c on c.oid = t.tgrelid
                         where t.oid = d.objid and t.tgfoid = v_reject and t.tgtype & 32 <> 0
                           and (c.relispartition
                                or exists (select 1 from pg_trigger x where x.tgrelid = c.oid and x.tgfoid = v_reject and x.tgtype & 1 <> 0)))))
    ) then
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

-- The retention hook (docs/retention.md): runs as the superuser that installed it, so the guard lets
-- its DETACH and DROP through; it decides itself what may go and never trusts a function the owner
-- could replace. A leaf partition of audit.events (a plain month of before 019, a tenant's own
-- partition of a month, or a month's shared partition) goes only when
--   its month is over and, for every tenant with rows in it, month end + that tenant's period <= now;
--   no active legal hold of those tenants covers any of its rows;
--   p_archives names, for each of those tenants, an evidence package of exactly its rows there
--   (event count, first and last seq, all sealed, under a checkpoint that covers the last seq).
-- The archives are recorded in audit.retention_archives, the personal values of the partition's events
-- (audit.personal_values, the erasable side, not partitioned) are deleted, then the partition is detached
-- and dropped (and its month too, once the month has no partitions left). An empty default partition may go.
drop function if exists audit_guard.drop_expired_partition(regclass);
create or replace function audit_guard.drop_expired_partition(p_partition regclass, p_archives jsonb default '[]'::jsonb) returns void
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
    v_parent  regclass;
    v_bound   text;
    v_month   text;
    v_lower   timestamptz;
    v_upper   timestamptz;
    v_rows    boolean;
    v_period  integer;
    v_count   bigint;
    v_first   bigint;
    v_last    bigint;
    v_queued  boolean;
    v_covered boolean;
    v_tenants text[] := '{}';
    v_words   regclass;
    v_wparent regclass;
    v_wcount  bigint;
    v_ecount  bigint := 0;
    v_sealed  bigint;
    t         text;
    a         jsonb;
    h         record;
begin
    select i.inhparent::regclass, pg_get_expr(c.relpartbound, c.oid) into v_parent, v_bound
    from pg_class c join pg_inherits i on i.inhrelid = c.oid
    where c.oid = p_partition and c.relkind = 'r';
    if v_parent is null then
        raise exception '% is not a partition of audit.events that holds rows', p_partition using errcode = 'AE100';
    end if;
    if v_parent = 'audit.events'::regclass then
        v_month := v_bound;
    elsif exists (select 1 from pg_inherits i where i.inhrelid = v_parent and i.inhparent = 'audit.events'::regclass) then
        select pg_get_expr(c.relpartbound, c.oid) into v_month from pg_class c where c.oid = v_parent;
    else
        raise exception '% is not a partition of audit.events', p_partition using errcode = 'AE100';
    end if;

    -- Appends into it wait until this transaction ends; what is counted below is what is dropped.
    execute format('lock table %s in share mode', p_partition);
    execute format('select exists (select 1 from %s)', p_partition) into v_rows;

    if v_month = 'DEFAULT' then
        if v_rows then
            raise exception 'the default partition % still holds events; it goes only when empty', p_partition using errcode = 'AE100';
        end if;
    else
        v_lower := substring(v_month from 'FROM \(''([^'']+)''\)')::timestamptz;
        v_upper := substring(v_month from 'TO \(''([^'']+)''\)')::timestamptz;
        if v_upper is null or v_upper > date_trunc('month', now()) then
            raise exception 'partition % is not over yet (it ends %)', p_partition, v_upper using errcode = 'AE100';
        end if;
    end if;

    for t in select x.tenant_id from audit.tenants x order by x.tenant_id loop
        continue when not v_rows;
        execute format('select exists (select 1 from %s where tenant_id = $1)', p_partition) into v_covered using t;
        continue when not v_covered;
        v_tenants := v_tenants || t;
        select coalesce((select p.period_months from audit.retention_policies p where p.tenant_id = t
                         order by p.set_at desc, p.policy_id desc limit 1), 84) into v_period;
        if v_upper + make_interval(months => v_period) > now() then
            raise exception 'partition % holds events of tenant "%", which are kept until %', p_partition, t, v_upper + make_interval(months => v_period)
                using errcode = 'AE100';
        end if;
        for h in
            select x.* from audit.legal_holds x
            where x.tenant_id = t
              and not exists (select 1 from audit.legal_hold_releases y where y.tenant_id = x.tenant_id and y.hold_id = x.hold_id)
        loop
            if h.scope = 'tenant' then
                v_covered := true;
            elsif h.scope = 'record' then
                execute format('select exists (select 1 from %s where tenant_id = $1 and entity_type = $2 and entity_id = $3)', p_partition)
                    into v_covered using t, h.entity_type, h.entity_id;
            elsif h.scope = 'actor' then
                execute format('select exists (select 1 from %s where tenant_id = $1 and actor_id = $2)', p_partition)
                    into v_covered using t, h.actor_id;
            else
                execute format('select exists (select 1 from %s where tenant_id = $1 and context->>''case_id'' = $2)', p_partition)
                    into v_covered using t, h.case_id;
            end if;
            if v_covered then
                raise exception 'partition % holds events of tenant "%" under legal hold % (%)', p_partition, t, h.hold_id, h.reason
                    using errcode = 'AE100';
            end if;
        end loop;

        a := null;
        select x into a from jsonb_array_elements(p_archives) x where x->>'tenant_id' = t limit 1;
        if a is null then
            raise exception 'partition % still holds events of tenant "%"; retention must archive them first', p_partition, t
                using errcode = 'AE100';
        end if;
        execute format('select count(*) from %s where tenant_id = $1', p_partition) into v_count using t;
        select exists (select 1 from audit.seal_queue q where q.tenant_id = t and q.occurred_at >= v_lower and q.occurred_at < v_upper)
            into v_queued;
        -- One pass over the seals for their count and span: each full pass over a month of a large tenant
        -- costs about as much as the drop's whole budget.
        select count(*), min(s.seq), max(s.seq) into v_sealed, v_first, v_last from audit.seals s
        where s.tenant_id = t and s.occurred_at >= v_lower and s.occurred_at < v_upper;
        if v_queued or v_count <> (a->>'event_count')::bigint
           or v_sealed <> v_count
           or v_first is distinct from (a->>'first_seq')::bigint or v_last is distinct from (a->>'last_seq')::bigint
           or (a->>'checkpoint_size')::bigint < v_last
           or (a->>'range_from')::timestamptz <> v_lower or (a->>'range_to')::timestamptz <> v_upper then
            raise exception 'the archive of tenant "%" does not match partition % (% events, seqs % to %, all sealed: %)', t, p_partition,
                v_count, v_first, v_last, not v_queued using errcode = 'AE100';
        end if;
        insert into audit.retention_archives (tenant_id, archive_id, partition_name, range_from, range_to, event_count, first_seq, last_seq,
                                              checkpoint_size, location, sha256)
        values (t, gen_random_uuid(), p_partition::text, v_lower, v_upper, v_count, v_first, v_last,
                (a->>'checkpoint_size')::bigint, a->>'location', decode(a->>'sha256', 'hex'));
        v_ecount := v_ecount + v_count;
    end loop;

    -- Search words (audit.event_words, migration 025) are partitioned like the events, partition for
    -- partition (events_2026_05_t_acme -> words_2026_05_t_acme), so they leave with their events by
    -- the same DETACH and DROP, never by row DELETE. Every event here is sealed (checked above) and
    -- the sealer writes one word row per sealed event into the mirror partition, so the counts must
    -- agree; if they do not, words would outlive their events, and the drop is refused.
    if to_regclass('audit.event_words') is not null then
        select c.oid::regclass, i.inhparent::regclass into v_words, v_wparent
        from pg_class c join pg_inherits i on i.inhrelid = c.oid
        where c.oid = (select to_regclass('audit.' || quote_ident(
                           case when x.relname like 'events\_%' then 'words' || substr(x.relname, 7)
                                else left('words_' || x.relname, 63) end))
                       from pg_class x where x.oid = p_partition);
        if v_words is not null then
            execute format('lock table %s in share mode', v_words);
            execute format('select count(*) from %s', v_words) into v_wcount;
            -- v_ecount is the sum of the tenants' counts above: every row of the partition belongs to a tenant
            -- (the foreign key), and a tenant with rows here either failed above or was counted.
            if v_wcount <> v_ecount then
                raise exception 'the search words of partition % do not match its events (% word rows for % events)', p_partition, v_wcount, v_ecount
                    using errcode = 'AE100', hint = 'Run audit.ensure_word_partitions() and check the sealer; words must leave with their events.';
            end if;
        elsif v_rows and exists (select 1 from audit.event_words w
                                 where w.tenant_id = any (v_tenants) and w.occurred_at >= v_lower and w.occurred_at < v_upper) then
            raise exception 'partition % has no word partition, but search words of its tenants for that month exist elsewhere', p_partition
                using errcode = 'AE100';
        end if;
    end if;

    -- Personal values leave with their events: kept, they would outlive the retention period as plaintext
    -- with nothing left to show them on. Only tenants that have values pay for the join.
    foreach t in array v_tenants loop
        if exists (select 1 from audit.personal_values pv where pv.tenant_id = t) then
            execute format('delete from audit.personal_values pv using %s e where pv.tenant_id = $1 and e.tenant_id = $1 and pv.event_id = e.id',
                           p_partition) using t;
        end if;
    end loop;
    execute format('alter table %s detach partition %s', v_parent, p_partition);
    execute format('drop table %s', p_partition);
    if v_parent <> 'audit.events'::regclass and not exists (select 1 from pg_inherits i where i.inhparent = v_parent) then
        execute format('alter table audit.events detach partition %s', v_parent);
        execute format('drop table %s', v_parent);
    end if;
    if v_words is not null then
        execute format('alter table %s detach partition %s', v_wparent, v_words);
        execute format('drop table %s', v_words);
        if v_wparent <> 'audit.event_words'::regclass and not exists (select 1 from pg_inherits i where i.inhparent = v_wparent) then
            execute format('alter table audit.event_words detach partition %s', v_wparent);
            execute format('drop table %s', v_wparent);
        end if;
    end if;
end $$;

revoke all on function audit_guard.drop_expired_partition(regclass, jsonb) from public;
grant execute on function audit_guard.drop_expired_partition(regclass, jsonb) to auditexplorer_owner;

drop event trigger if exists audit_guard_remember;
drop event trigger if exists audit_guard_drop;
drop event trigger if exists audit_guard_ddl;
drop event trigger if exists audit_guard_rewrite;
create event trigger audit_guard_remember on ddl_command_start execute function audit_guard.remember_protected();
create event trigger audit_guard_drop on sql_drop execute function audit_guard.refuse_drop();
create event trigger audit_guard_ddl on ddl_command_end execute function audit_guard.check_ddl();
create event trigger audit_guard_rewrite on table_rewrite execute function audit_guard.refuse_rewrite();

-- 019's migration story, for databases where this guard already refused it: months that have not
-- begun and hold no rows are re-created LIST-partitioned by tenant, and an empty default partition goes.
do $$
declare
    r record;
    v_rows boolean;
    v_words regclass;
begin
    if to_regprocedure('audit.ensure_partitions(date, date)') is null or to_regclass('audit.retention_policies') is null then
        return;
    end if;
    for r in
        select c.oid::regclass as part, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'audit.events'::regclass and c.relkind = 'r'
    loop
        continue when r.bound <> 'DEFAULT' and substring(r.bound from 'FROM \(''([^'']+)''\)')::timestamptz <= now();
        execute format('select exists (select 1 from %s)', r.part) into v_rows;
        continue when v_rows;
        -- Its search-word mirror (migration 025) is as empty and goes too, so the month is mirrored anew.
        v_words := null;
        if to_regclass('audit.event_words') is not null then
            select to_regclass('audit.' || quote_ident('words' || substr(c.relname, 7))) into v_words
            from pg_class c where c.oid = r.part and c.relname like 'events\_%';
        end if;
        execute format('alter table audit.events detach partition %s', r.part);
        execute format('drop table %s', r.part);
        if v_words is not null then
            execute format('select exists (select 1 from %s)', v_words) into v_rows;
            if not v_rows then
                execute format('alter table audit.event_words detach partition %s', v_words);
                execute format('drop table %s', v_words);
            end if;
        end if;
    end loop;
    -- Created as the owner, like every other partition, not as the superuser running this.
    execute 'set local role auditexplorer_owner';
    perform audit.ensure_partitions(current_date, (current_date + interval '12 months')::date);
    execute 'reset role';
end $$;
