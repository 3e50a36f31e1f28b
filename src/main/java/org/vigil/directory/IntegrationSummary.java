package org.vigil.directory;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One integration status as the offering embeds it: Waldur's four fields, then Vigil's
 * own for the dashboard's offering view: the status's {@code uuid}, its {@code deadline}
 * (null when not Active) and {@code status_since} (when it took its present status; left
 * out while it never changed) and its learned rhythm ({@code expected_interval},
 * {@code interval_deviation}, {@code timeout_basis}, {@code suspicion}), as in the status
 * list.
 */
record IntegrationSummary(String agentType, String status, Instant lastRequestTimestamp, String serviceName, UUID uuid,
		@Schema(nullable = true) Instant deadline, @Schema(nullable = true) String expectedInterval,
		@Schema(nullable = true) String intervalDeviation, @Schema(allowableValues = {
				"learned", "configured" }) String timeoutBasis,
		@Schema(nullable = true) Double suspicion, @JsonInclude(JsonInclude.Include.NON_NULL) Instant statusSince){
}
