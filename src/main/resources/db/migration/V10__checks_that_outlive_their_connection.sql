-- H2 2.4.240 breaks a CHECK with an IN list (or ORs it folds into one) once the connection that
-- created it closes (h2database#4302): every later insert fails with "Check constraint invalid".
-- On the embedded store that connection is the pooled one Flyway migrated on, so status events
-- stopped being written once the pool retired it. A CASE expression is evaluated without that
-- connection, on both databases; V7 to V9 write their checks this way from the start.
ALTER TABLE status_event DROP CONSTRAINT status_event_reason_check;
ALTER TABLE status_event ADD CONSTRAINT status_event_reason_check
    CHECK (CASE reason WHEN 'check_in' THEN TRUE WHEN 'timeout' THEN TRUE ELSE FALSE END);
