-- Business table and tenant for the write-overhead runs (run as the owner after migrating).
create table public.contracts (id integer primary key, title text not null, amount numeric not null, updated_at timestamptz not null default now());
insert into public.contracts (id, title, amount) select i, 'Contract ' || i, i from generate_series(1, 10000) i;
grant select, update on public.contracts to auditexplorer_writer;
insert into audit.tenants (tenant_id, display_name) values ('bench', 'Benchmark');
