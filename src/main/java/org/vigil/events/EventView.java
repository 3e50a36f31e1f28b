package org.vigil.events;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jooq.Record;
import org.vigil.status.AgentType;
import org.vigil.status.LivenessView;
import org.vigil.status.Status;
import org.vigil.status.StoredRhythm;
import org.vigil.web.Links;

/**
 * A history item, as the history list and the stream send it; a {@code timeout} event
 * also says what the deadline it passed was based on ({@code timeout_basis}) and the
 * learned interval it came from ({@code expected_interval}, null when configured); both
 * are null on other events.
 */
@JsonPropertyOrder({ "uuid", "integration_status", "integration_status_uuid", "offering", "offering_uuid", "agent_type",
		"from_status", "to_status", "reason", "created" })
record EventView(UUID uuid, String integrationStatus, UUID integrationStatusUuid, String offering, UUID offeringUuid,
		String agentType, String fromStatus, String toStatus, String reason, Instant created, @Schema(nullable = true,
				allowableValues = {
						"learned", "configured" }) String timeoutBasis,
		@Schema(nullable = true) String expectedInterval){

	static EventView of(Record r, Links links) {
		UUID status = r.get(INTEGRATION_STATUS.UUID);
		UUID offering = r.get(OFFERING.UUID);
		return new EventView(r.get(STATUS_EVENT.UUID), links.integrationStatus(status), status,
				links.offering(offering), offering, AgentType.ofCode(r.get(INTEGRATION_STATUS.AGENT_TYPE)).label(),
				Status.ofCode(r.get(STATUS_EVENT.FROM_STATUS)).label(),
				Status.ofCode(r.get(STATUS_EVENT.TO_STATUS)).label(), r.get(STATUS_EVENT.REASON),
				r.get(STATUS_EVENT.CREATED), timeoutBasis(r), expectedInterval(r));
	}

	private static String timeoutBasis(Record r) {
		Short basis = r.get(STATUS_EVENT.TIMEOUT_BASIS);
		return (basis == null) ? null : StoredRhythm.basis(basis).label();
	}

	private static String expectedInterval(Record r) {
		Long millis = r.get(STATUS_EVENT.EXPECTED_INTERVAL_MS);
		return (millis == null) ? null : LivenessView.millis(millis);
	}

}
