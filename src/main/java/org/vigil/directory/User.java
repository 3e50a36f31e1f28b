package org.vigil.directory;

import java.time.Instant;
import java.util.UUID;

/** A user account; when not active, none of its tokens work. */
record User(long id, UUID uuid, String username, boolean staff, boolean support, boolean active, Instant created) {
}
