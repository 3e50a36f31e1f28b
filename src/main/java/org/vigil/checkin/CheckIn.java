package org.vigil.checkin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.vigil.status.AgentType;
import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.Rhythm;
import org.vigil.status.StatusChanges.CheckedIn;
import org.vigil.status.StatusKey;

/**
 * One accepted check-in request, waiting to be written: an offering and one or more agent
 * types.
 */
record CheckIn(KnownOffering offering, List<AgentType> agentTypes, String serviceName) {

	/**
	 * The service name each status of the batch is to show: the latest check-in's, when
	 * several in one batch name the same status.
	 */
	static Map<StatusKey, String> serviceNames(List<CheckIn> batch) {
		Map<StatusKey, String> latest = new LinkedHashMap<>();
		for (CheckIn checkIn : batch) {
			for (AgentType type : checkIn.agentTypes()) {
				latest.put(new StatusKey(checkIn.offering().id(), type), checkIn.serviceName());
			}
		}
		return latest;
	}

	/** What the batch wrote for this check-in, one status per agent type in order. */
	List<Written> written(Map<StatusKey, CheckedIn> batch, Map<StatusKey, String> serviceNames) {
		return this.agentTypes.stream().map((type) -> {
			StatusKey key = new StatusKey(this.offering.id(), type);
			CheckedIn status = batch.get(key);
			return new Written(this.offering, status.uuid(), type, status.timestamp(), serviceNames.get(key),
					status.deadline(), status.changed() ? status.timestamp() : null, status.rhythm(), status.basis());
		}).toList();
	}

	/**
	 * What the check-in wrote for one agent type; {@code since} is its time if it changed
	 * the status, else null (it was Active already, since a time this write did not
	 * read).
	 */
	record Written(KnownOffering offering, UUID uuid, AgentType agentType, Instant timestamp, String serviceName,
			Instant deadline, Instant since, Rhythm rhythm, Basis basis) {
	}

}
