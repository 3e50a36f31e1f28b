package org.vigil.audit;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * One change: who ({@code user_uuid}, {@code username} as it was then,
 * {@code token_uuid}, {@code client_address}), what ({@code action}, {@code object_type},
 * {@code object_uuid}, {@code changes}) and when.
 */
@JsonPropertyOrder({ "uuid", "user_uuid", "username", "token_uuid", "client_address", "action", "object_type",
		"object_uuid", "changes", "created" })
record AuditEventView(UUID uuid, UUID userUuid, String username, @Schema(nullable = true) UUID tokenUuid,
		@Schema(nullable = true) String clientAddress, String action, String objectType, UUID objectUuid,
		@Schema(type = "object",
				description = "{\"field\": [old, new]}; null where there was none, secrets as \"***\"") JsonNode changes,
		Instant created) {
}
