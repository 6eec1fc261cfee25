-- The ingest API answers a valid key sent to another tenant's URL with 403 (the key is known, the
-- tenant is not its own) and anything else with 401 (docs/ingest-api.md). The web app reads keys
-- only inside the URL's tenant scope, so this narrow question is answered here: true only for a
-- caller who holds the key's secret (its SHA-256 must match), so nothing about other tenants'
-- keys can be learned by asking.
create function web.is_api_key_of_another_tenant(p_tenant_id text, p_key_id text, p_secret_hash bytea) returns boolean
language sql stable security definer
set search_path = web, pg_temp
as $$
    select exists (
        select 1 from web.api_keys k
        where k.key_id = p_key_id and k.secret_hash = p_secret_hash and k.revoked_at is null
          and k.tenant_id is distinct from p_tenant_id)
$$;
revoke all on function web.is_api_key_of_another_tenant(text, text, bytea) from public;
grant execute on function web.is_api_key_of_another_tenant(text, text, bytea) to auditexplorer_reader;
