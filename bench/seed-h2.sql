-- seed.sql for the embedded H2 default: the same directory and statuses (without the user
-- "scoped"). run.sh replaces :statuses and runs it with H2's RunScript while Vigil is stopped,
-- since only one process at a time may open an H2 file.
SET @offerings = :statuses / 5;
SET @customers = GREATEST(1, :statuses / 500);
INSERT INTO customer (uuid, name, created)
  SELECT RANDOM_UUID(), 'Customer ' || X, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, @customers);
INSERT INTO offering (uuid, name, slug, type, customer_id, created)
  SELECT RANDOM_UUID(), 'Offering ' || X, 'offering-' || X, 'Marketplace.Slurm',
         (SELECT MIN(id) FROM customer) + MOD(X, @customers), CURRENT_TIMESTAMP
  FROM SYSTEM_RANGE(1, @offerings);
INSERT INTO integration_status (uuid, offering_id, agent_type, status, last_request_timestamp, service_name, deadline, sweep_after, seen_floor, created)
  SELECT RANDOM_UUID(), o.id, t.X,
         CASE WHEN MOD(o.id + t.X, 10) = 0 THEN 1 WHEN MOD(o.id + t.X, 10) = 1 THEN 3 ELSE 2 END,
         CASE WHEN MOD(o.id + t.X, 10) = 0 THEN NULL ELSE DATEADD(SECOND, -MOD(o.id * 7 + t.X, 1800), CURRENT_TIMESTAMP) END,
         'waldur-site-agent/1.0',
         CASE WHEN MOD(o.id + t.X, 10) >= 2 THEN DATEADD(SECOND, 3600 - MOD(o.id * 7 + t.X, 1800), CURRENT_TIMESTAMP) END,
         CASE WHEN MOD(o.id + t.X, 10) >= 2 THEN DATEADD(SECOND, 3600 - MOD(o.id * 7 + t.X, 1800), CURRENT_TIMESTAMP) END,
         CASE WHEN MOD(o.id + t.X, 10) = 0 THEN NULL ELSE DATEADD(SECOND, -MOD(o.id * 7 + t.X, 1800), CURRENT_TIMESTAMP) END,
         CURRENT_TIMESTAMP
  FROM offering o CROSS JOIN SYSTEM_RANGE(1, 5) t
  ORDER BY o.id, t.X;
