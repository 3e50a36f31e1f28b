package org.vigil.mirror;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.vigil.status.AgentType;

/**
 * A registered upstream and how polling it goes; {@code timeouts} are every type's (the
 * defaults where {@code overrides}, those an operator set, say nothing).
 */
record MirrorSource(long id, UUID uuid, String name, String url, String token, Duration pollInterval,
		Map<AgentType, Duration> overrides, SourceState state, Instant lastPoll, Instant lastSuccess, String lastError,
		Instant lastErrorAt, Instant highWater, Instant lastReconcile, int pollsSinceReconcile, Instant created) {

	/** Every agent type's timeout. */
	Map<AgentType, Duration> timeouts() {
		return SourceTimeouts.withDefaults(this.overrides);
	}

	/** What the API shows of it: never the token. */
	@Override
	public String toString() {
		return "MirrorSource[" + this.name + " " + this.url + "]";
	}

}
