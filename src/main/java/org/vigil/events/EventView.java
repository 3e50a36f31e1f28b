package org.vigil.events;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.jooq.Record;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.web.Links;

/** A history item, as the history list and the stream send it. */
@JsonPropertyOrder({ "uuid", "integration_status", "integration_status_uuid", "offering", "offering_uuid", "agent_type",
		"from_status", "to_status", "reason", "created" })
record EventView(UUID uuid, String integrationStatus, UUID integrationStatusUuid, String offering, UUID offeringUuid,
		String agentType, String fromStatus, String toStatus, String reason, Instant created) {

	static EventView of(Record r, Links links) {
		UUID status = r.get(INTEGRATION_STATUS.UUID);
		UUID offering = r.get(OFFERING.UUID);
		return new EventView(r.get(STATUS_EVENT.UUID), links.integrationStatus(status), status,
				links.offering(offering), offering, AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE)).label(),
				Status.ofCode(r.get(STATUS_EVENT.FROM_STATUS)).label(),
				Status.ofCode(r.get(STATUS_EVENT.TO_STATUS)).label(), r.get(STATUS_EVENT.REASON),
				r.get(STATUS_EVENT.CREATED));
	}

}
