package org.vigil.directory;

import java.time.Instant;
import java.util.UUID;

/** A customer (Waldur's organisation). */
record Customer(long id, UUID uuid, String name, Instant created) {
}
