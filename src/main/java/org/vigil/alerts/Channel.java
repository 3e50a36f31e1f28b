package org.vigil.alerts;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Where a notification goes, as the sender needs it. {@code customerId} is null for a
 * global channel; {@code savedByStaff} lets it point at a private address.
 */
record Channel(long id, UUID uuid, String name, String kind, String url, String emails, String secret, Long customerId,
		boolean savedByStaff, boolean enabled) {

	static final String WEBHOOK = "webhook";

	static final String SLACK = "slack";

	static final String EMAIL = "email";

	List<String> recipients() {
		return (this.emails != null) ? Arrays.stream(this.emails.split(","))
			.map(String::strip)
			.filter((address) -> !address.isEmpty())
			.toList() : List.of();
	}

}
