-- Ordering by last_request_timestamp with creation order (id) breaking ties, in both directions:
-- a backward scan of (ts, id DESC) gives ts descending with nulls first and ids ascending.
CREATE INDEX integration_status_last_request_desc_idx ON integration_status (last_request_timestamp, id DESC);
CREATE INDEX integration_status_status_idx ON integration_status (status, id);
