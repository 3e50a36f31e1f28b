package org.vigil.directory;

import java.time.Instant;
import java.util.UUID;

/** An offering with its customer and parent, as the directory shows it. */
record Offering(long id, UUID uuid, String name, String slug, String type, long customerId, UUID customerUuid,
		String customerName, UUID parentUuid, Instant created) {
}
