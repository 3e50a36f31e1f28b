-- The alert planner works in bounded steps (a mass outage over several passes); each pass
-- first looks whether any waiting item's group may be ready, by the oldest queued time.
CREATE INDEX alert_pending_queued_idx ON alert_pending (queued);
