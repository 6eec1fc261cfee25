-- A business transaction without auditing: one UPDATE, committed.
\set id random(1, 10000)
BEGIN;
UPDATE public.contracts SET amount = amount + 1, updated_at = now() WHERE id = :id::int;
COMMIT;
