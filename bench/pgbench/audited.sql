-- The same business transaction with its audit event appended through the write contract.
\set id random(1, 10000)
\set rq random(1, 1000000000)
BEGIN;
UPDATE public.contracts SET amount = amount + 1, updated_at = now() WHERE id = :id::int;
SELECT audit.append_event('bench', 'u-0001', 'user', 'contract.update', 'update', 'contract', 'contract-' || :id::int,
    jsonb_build_object('amount', :id::int, 'status', 'approved'),
    jsonb_build_object('amount', :id::int + 1, 'status', 'approved'),
    jsonb_build_object('request_id', 'req_' || :rq::int, 'correlation_id', 'cor_' || :rq::int, 'ip', '203.0.113.7',
                       'auth_method', 'oidc', 'client_app', 'cms-web', 'roles', jsonb_build_array('editor')));
COMMIT;
