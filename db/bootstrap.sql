-- Cluster-level setup, run once by a superuser (scripts/pg.sh does this for local clusters).
-- Creates the owner and the application roles. Passwords are not set here: local clusters
-- trust loopback connections; real deployments set passwords from their secret store.
do $$
declare r text;
begin
    foreach r in array array['auditexplorer_owner', 'auditexplorer_writer', 'auditexplorer_reader', 'auditexplorer_sealer'] loop
        if not exists (select 1 from pg_roles where rolname = r) then
            execute format('create role %I login', r);
        end if;
    end loop;
end $$;
