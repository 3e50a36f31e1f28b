package org.vigil.checkin;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The check-in body as the API document describes it. {@link CheckInBodyReader} reads the
 * JSON itself, to answer every kind of bad input with a field error.
 */
@Schema(name = "CheckIn", requiredProperties = { "offering_uuid", "agent_type" })
record CheckInRequest(@Schema(format = "uuid") String offeringUuid,
		@Schema(description = "An agent type label (\"Order processing\") or code (1 to 5), or a list of them to "
				+ "check in several types at once: then the answer is a list.",
				oneOf = {
						String.class, Integer.class, Object[].class }) Object agentType,
		@Schema(description = "Defaults to the request's User-Agent", maxLength = 150) String serviceName){
}
