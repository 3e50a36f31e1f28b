-- What a token is, stored when it is made and never inferred afterwards: 'user' (all its user
-- may do) or 'agent' (check-ins of the offerings in token_offering, nothing else). Inferring it
-- from "has token_offering rows" failed open: when the last of its offerings was deleted (a
-- mirror reconcile, a source removed; the rows go in the cascade), an agent token became a full
-- key for its user. An agent token whose offerings are all gone now authenticates as nothing.
ALTER TABLE token ADD COLUMN kind VARCHAR(8) DEFAULT 'user' NOT NULL;
UPDATE token SET kind = 'agent' WHERE id IN (SELECT token_id FROM token_offering);
ALTER TABLE token ADD CONSTRAINT token_kind_check CHECK (CASE kind WHEN 'user' THEN TRUE WHEN 'agent' THEN TRUE ELSE FALSE END);
