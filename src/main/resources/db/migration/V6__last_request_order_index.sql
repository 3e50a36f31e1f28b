-- Back, after measuring (docs/benchmarks.md): without it, a staff-wide list ordered by
-- last_request_timestamp at a million statuses sorts the whole table (about 1.5 s under load),
-- and the dashboard's default view is exactly that order. Ascending uses it directly; descending
-- scans it backwards and sorts only the rows of equal time by id (incremental sort).
CREATE INDEX integration_status_last_request_idx ON integration_status (last_request_timestamp, id);
