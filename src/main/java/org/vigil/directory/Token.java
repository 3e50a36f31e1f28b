package org.vigil.directory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.vigil.auth.TokenKind;

/**
 * A user's API token without its key (only the digest is stored). An agent token's
 * offerings may all be gone (deleted with their offerings); it stays an agent token.
 */
record Token(long id, UUID uuid, String label, TokenKind kind, Instant expiresAt, Instant created,
		List<UUID> offeringUuids) {
}
