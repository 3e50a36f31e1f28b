package org.vigil.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user's API token without its key (only the digest is stored); with offerings, an
 * agent token.
 */
record Token(long id, UUID uuid, String label, Instant expiresAt, Instant created, List<UUID> offeringUuids) {
}
