-- Hash format 2: back links (docs/event-format.md, "Back links"). Each new seal records the seq of
-- the previous change (change_kind other than access) of the same record (tenant, entity type,
-- entity id) and of the same actor (tenant, actor id); both are inside the event's canonical bytes,
-- so a record or actor export can prove that no change between its first and last event is missing,
-- and a record export's own access event commits to the record's newest change (its tail).
-- Seals written before this migration keep hash format 1 and their exact bytes.

-- Constant defaults and checks: no table rewrite (the append-only guard refuses rewrites).
alter table audit.seals
    add column hash_format     smallint not null default 1 check (hash_format in (1, 2)),
    add column prev_record_seq bigint,
    add column prev_actor_seq  bigint,
    add constraint seals_links_before_seq check (prev_record_seq < seq and prev_actor_seq < seq),
    add constraint seals_format1_has_no_links check (hash_format = 2 or (prev_record_seq is null and prev_actor_seq is null));

-- The newest change of each record and actor the sealer has sealed: where the next back link points.
-- A working table of the sealer (updated as it seals), not evidence: the links in the hashed bytes are.
create table audit.record_heads (
    tenant_id   text   not null,
    entity_type text   not null,
    entity_id   text   not null,
    last_seq    bigint not null check (last_seq >= 1),
    primary key (tenant_id, entity_type, entity_id)
);

create table audit.actor_heads (
    tenant_id text   not null,
    actor_id  text   not null,
    last_seq  bigint not null check (last_seq >= 1),
    primary key (tenant_id, actor_id)
);

-- Start from what is already sealed, so the first format-2 change of an existing record links to
-- its last format-1 change instead of claiming to be the first.
insert into audit.record_heads (tenant_id, entity_type, entity_id, last_seq)
select s.tenant_id, e.entity_type, e.entity_id, max(s.seq)
from audit.seals s
join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
where e.change_kind <> 'access'
group by s.tenant_id, e.entity_type, e.entity_id;

insert into audit.actor_heads (tenant_id, actor_id, last_seq)
select s.tenant_id, e.actor_id, max(s.seq)
from audit.seals s
join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
where e.change_kind <> 'access'
group by s.tenant_id, e.actor_id;

revoke all on audit.record_heads, audit.actor_heads from public;
grant select, insert, update on audit.record_heads, audit.actor_heads to auditexplorer_sealer;
grant select on audit.record_heads, audit.actor_heads to auditexplorer_reader;

do $$
declare t text;
begin
    foreach t in array array['record_heads', 'actor_heads'] loop
        execute format('alter table audit.%I enable row level security', t);
        execute format('alter table audit.%I force row level security', t);
        execute format('create policy %I on audit.%I to auditexplorer_owner using (true) with check (true)', t || '_owner', t);
        execute format('create policy %I on audit.%I for all to auditexplorer_sealer using (true) with check (true)', t || '_sealer', t);
        execute format($p$create policy %I on audit.%I for select to auditexplorer_reader
                          using (tenant_id = current_setting('app.tenant_id', true))$p$, t || '_tenant_read', t);
    end loop;
end $$;
