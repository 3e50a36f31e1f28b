package org.vigil.checkin;

import java.time.Instant;
import java.util.List;

import org.vigil.status.AgentType;

/**
 * One accepted check-in request, waiting to be written: an offering and one or more agent
 * types.
 */
record CheckIn(KnownOffering offering, List<AgentType> agentTypes, String serviceName) {

	/** What the check-in wrote for one agent type. */
	record Written(KnownOffering offering, java.util.UUID uuid, AgentType agentType, Instant timestamp,
			String serviceName) {
	}

}
