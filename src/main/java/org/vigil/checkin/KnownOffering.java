package org.vigil.checkin;

import java.util.UUID;

/** An offering with what a check-in answer and a permission check need of it. */
record KnownOffering(long id, UUID uuid, String name, long customerId, UUID customerUuid, String customerName) {
}
