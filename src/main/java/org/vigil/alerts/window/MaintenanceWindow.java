package org.vigil.alerts.window;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's maintenance window: no alert goes out for its statuses, or for those of
 * the listed offerings, from {@code start} until {@code end}. {@code coveredNow}: the
 * offerings it covered when it was read ({@link Maintenance}).
 */
record MaintenanceWindow(long id, UUID uuid, long customerId, UUID customerUuid, String customerName,
		List<UUID> offeringUuids, Instant start, Instant end, String reason, Instant created, List<UUID> coveredNow) {

	boolean activeAt(Instant now) {
		return !this.start.isAfter(now) && this.end.isAfter(now);
	}

}
