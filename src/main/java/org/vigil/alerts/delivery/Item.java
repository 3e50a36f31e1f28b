package org.vigil.alerts.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * One status a notification names: what happened to it ({@link #DISCONNECTED},
 * {@link #RECOVERED}, or a {@link #REMINDER} that it is still disconnected) and the
 * status event it reports, with its offering. The event's fields are null if the event is
 * gone.
 */
public record Item(String what, UUID eventUuid, UUID statusUuid, UUID offeringUuid, String offeringName,
		String agentType, String fromStatus, String toStatus, String reason, Instant created) {

	public static final String DISCONNECTED = "disconnected";

	public static final String RECOVERED = "recovered";

	public static final String REMINDER = "reminder";

}
