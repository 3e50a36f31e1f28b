package org.vigil.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.vigil.status.AgentType;

/**
 * Where alerts go, and how. A channel without a customer is global. The secret is never
 * read back: only whether there is one.
 */
record Channel(long id, UUID uuid, String name, String kind, String url, List<String> emails, boolean hasSecret,
		Long customerId, UUID customerUuid, String customerName, List<UUID> offeringUuids, List<AgentType> agentTypes,
		Duration alertAfter, Duration repeatEvery, boolean enabled, boolean savedByStaff, Instant created) {

	static final String WEBHOOK = "webhook";

	static final String SLACK = "slack";

	static final String EMAIL = "email";

	static final List<String> KINDS = List.of(WEBHOOK, SLACK, EMAIL);

	/**
	 * The kinds whose URLs are incoming webhooks that carry their secret in the path:
	 * shown by their origin only ({@link SecretUrls}). A kind for Teams or Discord
	 * belongs here too.
	 */
	static final Set<String> SECRET_IN_PATH = Set.of(SLACK);

	boolean global() {
		return this.customerId == null;
	}

}
