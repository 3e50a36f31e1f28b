-- Migration 15 on PostgreSQL (run by db.migration.V15__KeptCounts; bench/hot.sh applies it too).
-- How many statuses there are of each status and agent type, kept by the database itself so that
-- every writer is covered: check-ins, the sweeper, the mirror, ON DELETE CASCADE, bulk loads.
-- Triggers only append deltas (no row that concurrent writers would queue on); the count is
-- SUM(n), and StatusCounts folds the rows into one per key now and then.
CREATE TABLE integration_status_tally (
  status SMALLINT NOT NULL,
  agent_type SMALLINT NOT NULL,
  n BIGINT NOT NULL
);

CREATE FUNCTION integration_status_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO integration_status_tally (status, agent_type, n)
    SELECT status, agent_type, count(*) FROM added GROUP BY status, agent_type;
  RETURN NULL;
END $$;

CREATE FUNCTION integration_status_tally_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO integration_status_tally (status, agent_type, n)
    SELECT status, agent_type, -count(*) FROM removed GROUP BY status, agent_type;
  RETURN NULL;
END $$;

CREATE FUNCTION integration_status_tally_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO integration_status_tally (status, agent_type, n)
    VALUES (OLD.status, OLD.agent_type, -1), (NEW.status, NEW.agent_type, 1);
  RETURN NULL;
END $$;

CREATE FUNCTION integration_status_tally_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM integration_status_tally;
  RETURN NULL;
END $$;

-- Inserts and deletes: once per statement, from its transition table (a bulk load or a cascade
-- appends a row per key, not per status).
CREATE TRIGGER integration_status_tally_inserted AFTER INSERT ON integration_status
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION integration_status_tally_inserted();
CREATE TRIGGER integration_status_tally_deleted AFTER DELETE ON integration_status
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION integration_status_tally_deleted();
-- Updates: per row, and only for a row whose status really changed. A steady-state check-in does
-- not name the status column, so this trigger is not even queued for it and the check-in stays
-- a HOT update that writes nothing else (PostgreSQL allows no transition table on a trigger with
-- a column list, hence per row).
CREATE TRIGGER integration_status_tally_changed AFTER UPDATE OF status, agent_type ON integration_status
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.agent_type IS DISTINCT FROM NEW.agent_type)
  EXECUTE FUNCTION integration_status_tally_changed();
CREATE TRIGGER integration_status_tally_truncated AFTER TRUNCATE ON integration_status
  FOR EACH STATEMENT EXECUTE FUNCTION integration_status_tally_truncated();

-- The triggers lock out writers until this migration commits, so this count misses nothing.
INSERT INTO integration_status_tally (status, agent_type, n)
  SELECT status, agent_type, count(*) FROM integration_status GROUP BY status, agent_type;
