package org.vigil.support;

import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jooq.DSLContext;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.web.Uuids;

/**
 * Puts integration statuses straight into the database, as a bulk load would, for tests
 * of the read API that need statuses in states and at times that check-ins cannot make on
 * demand.
 */
public final class StatusRows {

	private final DSLContext db;

	public StatusRows(DSLContext db) {
		this.db = db;
	}

	/**
	 * Inserts a status of the offering (UUID as the API shows it); returns the status
	 * UUID in hex.
	 */
	public String insert(String offeringUuid, AgentType type, Status status, Instant lastRequest, String serviceName) {
		UUID uuid = UUID.randomUUID();
		this.db.insertInto(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.UUID, uuid)
			.set(INTEGRATION_STATUS.OFFERING_ID,
					this.db.select(OFFERING.ID)
						.from(OFFERING)
						.where(OFFERING.UUID.eq(Uuids.parse(offeringUuid).orElseThrow())))
			.set(INTEGRATION_STATUS.AGENT_TYPE, type.code())
			.set(INTEGRATION_STATUS.STATUS, status.code())
			.set(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP,
					(lastRequest != null) ? lastRequest.truncatedTo(ChronoUnit.MICROS) : null)
			.set(INTEGRATION_STATUS.SEEN_FLOOR,
					(lastRequest != null) ? lastRequest.truncatedTo(ChronoUnit.MICROS) : null)
			.set(INTEGRATION_STATUS.SERVICE_NAME, serviceName)
			.set(INTEGRATION_STATUS.CREATED, Instant.now().truncatedTo(ChronoUnit.MICROS))
			.execute();
		return Uuids.hex(uuid);
	}

	public String insert(String offeringUuid, AgentType type, Status status, Instant lastRequest) {
		return insert(offeringUuid, type, status, lastRequest, "");
	}

}
