package org.vigil.status;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;

import org.vigil.status.rhythm.Basis;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.web.Links;
import org.vigil.web.Uuids;

/**
 * An integration status on the wire: Waldur's five fields first (agent type and status as
 * labels, absolute {@code offering} and {@code url}), then what Vigil adds, among them
 * {@code deadline} (when an Active status turns Disconnected unless its agent checks in;
 * null otherwise) and {@code status_since} (when it took its present status; left out
 * while it never changed, and in a check-in's answer that did not change it); a mirrored
 * status names its {@code source} and {@code upstream_offering}, its offering in the
 * upstream's API (both left out otherwise); what it learned of its rhythm
 * ({@link LivenessView}).
 */
@JsonPropertyOrder({ "agent_type", "status", "last_request_timestamp", "offering", "url" })
public record StatusView(String agentType, String status, @Schema(nullable = true) Instant lastRequestTimestamp,
		@Schema(format = "uri") String offering, @Schema(format = "uri") String url, UUID uuid, UUID offeringUuid,
		String offeringName, UUID customerUuid, String customerName, String serviceName,
		@Schema(nullable = true) Instant deadline,
		@Schema(nullable = true, description = "The learned interval between check-ins (ISO-8601)",
				example = "PT5M0.250S") String expectedInterval,
		@Schema(nullable = true, description = "The learned deviation of that interval (ISO-8601)",
				example = "PT4.100S") String intervalDeviation,
		@Schema(allowableValues = {
				"learned", "configured" }) String timeoutBasis,
		@Schema(nullable = true, description = "Suspicion now (phi), while Active on a learned deadline",
				example = "0.4") Double suspicion,
		@Schema(description = "Active and silent past its learned rhythm (suspicion at the late threshold)") boolean late,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(
				description = "The configured timeout of its agent type (or its mirror source's), "
						+ "what its deadline would be based on without the learned rhythm") String configuredTimeout,
		@JsonInclude(JsonInclude.Include.NON_NULL) Instant statusSince,
		@JsonInclude(JsonInclude.Include.NON_NULL) String source,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Schema(format = "uri") String upstreamOffering){

	public static StatusView of(StatusRow row, Links links, PhiAccrual phi, Instant now) {
		LivenessView liveness = LivenessView.of(phi, row.rhythm(), row.basis(), row.status(),
				row.lastRequestTimestamp(), now);
		return new StatusView(row.agentType().label(), row.status().label(), row.lastRequestTimestamp(),
				links.offering(row.offeringUuid()), links.integrationStatus(row.uuid()), row.uuid(), row.offeringUuid(),
				row.offeringName(), row.customerUuid(), row.customerName(), row.serviceName(), row.deadline(),
				liveness.expectedInterval(), liveness.intervalDeviation(), liveness.timeoutBasis(),
				liveness.suspicion(), late(row, now),
				(row.configuredTimeout() != null) ? row.configuredTimeout().toString() : null, row.statusSince(),
				row.sourceName(),
				(row.sourceUrl() != null)
						? row.sourceUrl() + "marketplace-provider-offerings/" + Uuids.hex(row.offeringUuid()) + "/"
						: null);
	}

	private static boolean late(StatusRow row, Instant now) {
		return row.status() == Status.ACTIVE && row.basis() == Basis.LEARNED && row.lateAfter() != null
				&& !row.lateAfter().isAfter(now);
	}

}
