package org.vigil.status;

import java.time.Instant;
import java.util.UUID;

/**
 * One integration status with its offering and customer, as the API shows it; the
 * deadline (while Active) and since when it has its present status (null if it never
 * changed); for a mirrored status, its source's name and upstream API root.
 */
public record StatusRow(UUID uuid, AgentType agentType, Status status, Instant lastRequestTimestamp, String serviceName,
		UUID offeringUuid, String offeringName, UUID customerUuid, String customerName, Instant deadline,
		Instant statusSince, String sourceName, String sourceUrl) {

	/** A status of Vigil's own. */
	public StatusRow(UUID uuid, AgentType agentType, Status status, Instant lastRequestTimestamp, String serviceName,
			UUID offeringUuid, String offeringName, UUID customerUuid, String customerName, Instant deadline,
			Instant statusSince) {
		this(uuid, agentType, status, lastRequestTimestamp, serviceName, offeringUuid, offeringName, customerUuid,
				customerName, deadline, statusSince, null, null);
	}

}
