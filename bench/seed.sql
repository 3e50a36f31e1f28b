-- Bulk load for the benchmarks: :statuses integration statuses (five agent types per offering,
-- a hundred offerings per customer), 80 % Active, 10 % Disconnected, 10 % never seen, plus a
-- user "scoped" who manages 20 offerings (100 statuses). Runs on an empty, migrated database.
\set offerings (:statuses / 5)
\set customers greatest(1, :statuses / 500)
BEGIN;
INSERT INTO customer (uuid, name, created)
  SELECT gen_random_uuid(), 'Customer ' || g, now() FROM generate_series(1, :customers) g;
INSERT INTO offering (uuid, name, slug, type, customer_id, created)
  SELECT gen_random_uuid(), 'Offering ' || g, 'offering-' || g, 'Marketplace.Slurm',
         (SELECT min(id) FROM customer) + g % :customers, now()
  FROM generate_series(1, :offerings) g;
INSERT INTO integration_status (uuid, offering_id, agent_type, status, last_request_timestamp, service_name, deadline, sweep_after, seen_floor, created)
  SELECT gen_random_uuid(), o.id, t,
         CASE WHEN (o.id + t) % 10 = 0 THEN 1 WHEN (o.id + t) % 10 = 1 THEN 3 ELSE 2 END,
         CASE WHEN (o.id + t) % 10 = 0 THEN NULL ELSE now() - ((o.id * 7 + t) % 1800) * interval '1 second' END,
         'waldur-site-agent/1.0',
         CASE WHEN (o.id + t) % 10 >= 2 THEN now() + interval '1 hour' - ((o.id * 7 + t) % 1800) * interval '1 second' END,
         CASE WHEN (o.id + t) % 10 >= 2 THEN now() + interval '1 hour' - ((o.id * 7 + t) % 1800) * interval '1 second' END,
         CASE WHEN (o.id + t) % 10 = 0 THEN NULL ELSE now() - ((o.id * 7 + t) % 1800) * interval '1 second' END,
         now()
  FROM offering o CROSS JOIN generate_series(1, 5) t
  ORDER BY o.id, t;
INSERT INTO account (uuid, username, is_staff, is_support, is_active, created)
  VALUES (gen_random_uuid(), 'scoped', false, false, true, now());
INSERT INTO offering_role (account_id, offering_id, role, created)
  SELECT (SELECT id FROM account WHERE username = 'scoped'), o.id, 'OFFERING.MANAGER', now()
  FROM offering o ORDER BY o.id LIMIT 20 OFFSET :offerings / 2;
COMMIT;
-- As a long-running database would be: statistics current, visibility map set.
VACUUM ANALYZE;
