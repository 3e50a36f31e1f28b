-- Every check-in rewrites last_request_timestamp and deadline, so PostgreSQL cannot update the
-- row in place (no HOT update) and inserts a new entry into every index of the table. The indexes
-- of V2 served only staff-wide lists ordered by last_request_timestamp or filtered by status;
-- each made every check-in more expensive. Without them such a list at a million statuses is a
-- parallel scan with a top-N sort (see docs/benchmarks.md); scoped lists sort their few rows in
-- memory, and the sweeper keeps its deadline index.
DROP INDEX integration_status_last_request_idx;
DROP INDEX integration_status_last_request_desc_idx;
DROP INDEX integration_status_status_idx;
