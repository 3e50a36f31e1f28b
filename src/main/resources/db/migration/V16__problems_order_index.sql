-- The dashboard's default order (problems: Disconnected, then Unknown, then Active, each
-- longest silent first) and the status filter, without an index on last_request_timestamp
-- (V13): within one status the rows are walked by seen_floor, which is exact for every status
-- but Active and a lower bound for Active (see StatusCandidates). A steady-state check-in
-- changes neither status nor seen_floor, so it stays a HOT update. NULLS FIRST as the order
-- puts the never-seen.
CREATE INDEX integration_status_status_floor_idx ON integration_status (status, seen_floor NULLS FIRST, id);
