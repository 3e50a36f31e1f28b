package org.vigil.alerts.window;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's maintenance window: no alert goes out for its statuses, or for those of
 * the listed offerings, from {@code start} until {@code end}.
 */
record MaintenanceWindow(long id, UUID uuid, long customerId, UUID customerUuid, String customerName,
		List<UUID> offeringUuids, Instant start, Instant end, String reason, Instant created) {

	boolean activeAt(Instant now) {
		return !this.start.isAfter(now) && this.end.isAfter(now);
	}

}
