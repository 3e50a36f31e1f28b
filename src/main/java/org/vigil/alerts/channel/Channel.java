package org.vigil.alerts.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.vigil.alerts.delivery.ChannelKind;
import org.vigil.status.AgentType;

/**
 * Where alerts go, and how. A channel without a customer is global. The secret is never
 * read back: only whether there is one.
 */
record Channel(long id, UUID uuid, String name, String kind, String url, List<String> emails, boolean hasSecret,
		Long customerId, UUID customerUuid, String customerName, List<UUID> offeringUuids, List<AgentType> agentTypes,
		Duration alertAfter, Duration repeatEvery, boolean enabled, boolean savedByStaff, Instant created) {

	/**
	 * The kinds whose URLs are incoming webhooks that carry their secret in the path:
	 * shown by their origin only ({@link SecretUrls}). A kind for Teams or Discord
	 * belongs here too.
	 */
	static final Set<String> SECRET_IN_PATH = Set.of(ChannelKind.SLACK);

	boolean global() {
		return this.customerId == null;
	}

}
