-- When some instance last swept. A start-up that finds it old knows no instance was watching,
-- and gives the agents whose deadlines passed meanwhile a grace period instead of the blame.
CREATE TABLE liveness_heartbeat (
    id       INTEGER NOT NULL PRIMARY KEY,
    swept_at TIMESTAMP(6) WITH TIME ZONE
);
INSERT INTO liveness_heartbeat (id, swept_at) VALUES (1, NULL);
