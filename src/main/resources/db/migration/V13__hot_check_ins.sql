-- A steady-state check-in (an Active status checked in again) should change no indexed column,
-- so that PostgreSQL updates the row in place (a HOT update: no new entry in any index, a
-- fraction of the WAL). It rewrites last_request_timestamp and deadline, so neither is indexed
-- any more:
--
-- * The sweeper finds candidates through sweep_after, a lower bound of the deadline that a
--   check-in moves only when its new deadline is earlier (a shorter timeout) and that the
--   sweeper itself moves up to the exact deadline when it finds the status still alive. It
--   rechecks the exact deadline, so detection stays within a sweep of the deadline.
--   NULL whenever deadline is (never seen, Disconnected, mirrored).
-- * Lists oldest first find their rows through seen_floor, a lower bound of
--   last_request_timestamp (NULL exactly when it is): equal to it for every status that is not
--   Active, and set to it again whenever the row is written for another reason (a change of
--   status, the sweeper's look at a live status). A page of the M oldest reads a head of rows
--   by seen_floor, takes the M-th oldest exact time E among them, and sorts only the rows with
--   seen_floor <= E (see StatusRepository).
ALTER TABLE integration_status ADD COLUMN sweep_after TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE integration_status ADD COLUMN seen_floor TIMESTAMP(6) WITH TIME ZONE;
UPDATE integration_status SET sweep_after = deadline, seen_floor = last_request_timestamp;
DROP INDEX integration_status_deadline_idx;
DROP INDEX integration_status_last_request_idx;
CREATE INDEX integration_status_sweep_after_idx ON integration_status (sweep_after);
CREATE INDEX integration_status_seen_floor_idx ON integration_status (seen_floor, id);
