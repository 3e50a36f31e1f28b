package org.vigil.mirror;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.vigil.status.AgentType;

/** A registered upstream and how polling it goes. */
record MirrorSource(long id, UUID uuid, String name, String url, String token, Duration pollInterval,
		Map<AgentType, Duration> timeouts, SourceState state, Instant lastPoll, Instant lastSuccess, String lastError,
		Instant lastErrorAt, Instant highWater, Instant lastReconcile, int pollsSinceReconcile, Instant created) {

	/** What the API shows of it: never the token. */
	@Override
	public String toString() {
		return "MirrorSource[" + this.name + " " + this.url + "]";
	}

}
