package org.vigil.alerts.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * What a notification about a mirror source says: the source event it reports (a change
 * of the source's health) with the source's name and upstream URL.
 */
public record SourceHealthChange(UUID eventUuid, UUID sourceUuid, String sourceName, String sourceUrl, String fromState,
		String toState, String error, Instant created) {

	static final String HEALTHY = "healthy";

	boolean recovered() {
		return HEALTHY.equals(this.toState);
	}

}
