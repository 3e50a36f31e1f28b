-- Migration 15 on H2 (run by db.migration.V15__KeptCounts): see postgresql.sql beside this file.
-- H2 has neither statement-level transition tables nor triggers in SQL: a Java trigger
-- (org.vigil.status.TallyTrigger) appends a row per status inserted, deleted or changed.
CREATE TABLE integration_status_tally (
  status SMALLINT NOT NULL,
  agent_type SMALLINT NOT NULL,
  n BIGINT NOT NULL
);
CREATE TRIGGER integration_status_tally AFTER INSERT, UPDATE, DELETE ON integration_status
  FOR EACH ROW CALL 'org.vigil.status.TallyTrigger';
INSERT INTO integration_status_tally (status, agent_type, n)
  SELECT status, agent_type, count(*) FROM integration_status GROUP BY status, agent_type;
