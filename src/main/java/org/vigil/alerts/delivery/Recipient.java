package org.vigil.alerts.delivery;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A channel as the sender needs it, secret included (the API's view is
 * {@code channel.Channel}). {@code customerId} is null for a global channel;
 * {@code savedByStaff} lets it point at a private address.
 */
public record Recipient(long id, UUID uuid, String name, String kind, String url, String emails, String secret,
		Long customerId, boolean savedByStaff, boolean enabled) {

	List<String> recipients() {
		return (this.emails != null) ? Arrays.stream(this.emails.split(","))
			.map(String::strip)
			.filter((address) -> !address.isEmpty())
			.toList() : List.of();
	}

}
