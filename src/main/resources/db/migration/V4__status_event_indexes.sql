-- History is read newest first, and filtered by time.
CREATE INDEX status_event_created_idx ON status_event (created, id);
