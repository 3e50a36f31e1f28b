package org.vigil.status;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How another feature learns of status changes: a Spring bean implementing this is told
 * of each batch of events {@link StatusChanges} records, inside the transaction that
 * changed the statuses, so what it writes commits or rolls back with them (alerts keeps
 * its outbox this way). It is called once per batch, never per event: a mass outage
 * records thousands in one. An exception rolls the whole change back.
 */
public interface StatusTransitionListener {

	/** The events just recorded, one per status changed, in the caller's transaction. */
	void recorded(List<RecordedTransition> transitions);

	/** One status event: its UUID, the status (by row id), the change and its time. */
	record RecordedTransition(UUID eventUuid, long statusId, Status from, Status to, Instant at) {
	}

}
