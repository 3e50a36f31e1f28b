package org.vigil.checkin;

import java.util.UUID;

/**
 * An offering with what a check-in answer and a permission check need of it; a mirrored
 * one takes its statuses from its source, not from check-ins here.
 */
record KnownOffering(long id, UUID uuid, String name, long customerId, UUID customerUuid, String customerName,
		boolean mirrored) {
}
