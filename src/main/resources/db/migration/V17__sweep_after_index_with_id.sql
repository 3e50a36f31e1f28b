-- The sweeper's search, the oldest sweep_after first (WHERE sweep_after <= ? ORDER BY sweep_after
-- LIMIT n), becomes an index-only scan that stops after n entries. On (sweep_after) alone
-- PostgreSQL chose a bitmap scan of every expired row and a sort whenever its statistics did not
-- yet count the expired rows (they rarely do, since they expire together): 50 to 190 ms a batch
-- while 100,000 statuses expired at once at a million rows, against under 2 ms now.
CREATE INDEX integration_status_sweep_after_id_idx ON integration_status (sweep_after, id);
DROP INDEX integration_status_sweep_after_idx;
