package org.vigil.status;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.Rhythm;

/**
 * One integration status with its offering and customer, as the API shows it; the
 * deadline (while Active) and since when it has its present status (null if it never
 * changed); for a mirrored status, its source's name and upstream API root; its learned
 * rhythm, what its deadline is based on, when it is late (Active on a learned deadline;
 * else null) and its configured timeout (null where not read).
 */
public record StatusRow(UUID uuid, AgentType agentType, Status status, Instant lastRequestTimestamp, String serviceName,
		UUID offeringUuid, String offeringName, UUID customerUuid, String customerName, Instant deadline,
		Instant statusSince, String sourceName, String sourceUrl, Rhythm rhythm, Basis basis, Instant lateAfter,
		Duration configuredTimeout) {

	/** A status of Vigil's own, with its rhythm. */
	public StatusRow(UUID uuid, AgentType agentType, Status status, Instant lastRequestTimestamp, String serviceName,
			UUID offeringUuid, String offeringName, UUID customerUuid, String customerName, Instant deadline,
			Instant statusSince, Rhythm rhythm, Basis basis) {
		this(uuid, agentType, status, lastRequestTimestamp, serviceName, offeringUuid, offeringName, customerUuid,
				customerName, deadline, statusSince, null, null, rhythm, basis, null, null);
	}

}
