-- Learned liveness: each status keeps a summary of its check-in intervals (the arithmetic is
-- org.vigil.status.rhythm.PhiAccrual; the columns are its Rhythm record, in milliseconds) and
-- its deadline is computed from it. None of these columns is indexed, so a steady check-in that
-- rewrites them is still a HOT update on PostgreSQL.
--   rhythm_samples      intervals learned, capped at the window
--   rhythm_mean         their exponentially weighted mean (ms)
--   rhythm_variance     their exponentially weighted variance (ms^2)
--   rhythm_longest      the longest learned interval (ms): the cold start's measure
--   rhythm_run          outage-length intervals in a row since the last learned one
--   rhythm_run_mean     their plain mean (ms)
--   rhythm_run_squares  their sum of squared deviations from it (ms^2)
--   timeout_basis       what the deadline was computed from: 0 configured, 1 learned
--   late_after          when an Active status on a learned deadline becomes late (its
--                       suspicion reaches the late threshold); NULL otherwise
ALTER TABLE integration_status ADD COLUMN rhythm_samples SMALLINT DEFAULT 0 NOT NULL;
ALTER TABLE integration_status ADD COLUMN rhythm_mean DOUBLE PRECISION DEFAULT 0 NOT NULL;
ALTER TABLE integration_status ADD COLUMN rhythm_variance DOUBLE PRECISION DEFAULT 0 NOT NULL;
ALTER TABLE integration_status ADD COLUMN rhythm_longest BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE integration_status ADD COLUMN rhythm_run SMALLINT DEFAULT 0 NOT NULL;
ALTER TABLE integration_status ADD COLUMN rhythm_run_mean DOUBLE PRECISION DEFAULT 0 NOT NULL;
ALTER TABLE integration_status ADD COLUMN rhythm_run_squares DOUBLE PRECISION DEFAULT 0 NOT NULL;
ALTER TABLE integration_status ADD COLUMN timeout_basis SMALLINT DEFAULT 0 NOT NULL;
ALTER TABLE integration_status ADD COLUMN late_after TIMESTAMP(6) WITH TIME ZONE;

-- A timeout event says what the deadline it passed was based on, and the learned interval.
ALTER TABLE status_event ADD COLUMN timeout_basis SMALLINT;
ALTER TABLE status_event ADD COLUMN expected_interval_ms BIGINT;

-- When Vigil's own last downtime ended (no instance swept for a while before it): an interval
-- that began before this spans the downtime and is not learned. NULL: never down.
ALTER TABLE liveness_heartbeat ADD COLUMN watched_since TIMESTAMP(6) WITH TIME ZONE;
