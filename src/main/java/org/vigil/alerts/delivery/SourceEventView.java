package org.vigil.alerts.delivery;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A mirror source's change of health, in webhooks about a source and in their deliveries
 * in the API.
 */
@JsonPropertyOrder({ "uuid", "source_uuid", "source_name", "source_url", "from_state", "to_state", "error", "created" })
public record SourceEventView(UUID uuid, UUID sourceUuid, String sourceName, String sourceUrl, String fromState,
		String toState, String error, Instant created) {

	public static SourceEventView of(SourceHealthChange s) {
		return new SourceEventView(s.eventUuid(), s.sourceUuid(), s.sourceName(), s.sourceUrl(), s.fromState(),
				s.toState(), s.error(), s.created());
	}

}
