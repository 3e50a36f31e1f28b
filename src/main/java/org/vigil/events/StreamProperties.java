package org.vigil.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.stream.*}: the live stream of status events. Each instance reads new
 * events every {@code poll-interval}, once for all its subscribers; an idle stream gets a
 * comment every {@code heartbeat} so that proxies keep it open. At most
 * {@code max-subscribers} streams per instance, and of those at most {@code per-user} of
 * one user; a resume sends at most {@code backlog} missed events. An event id missing
 * below the newest one read is looked for again for {@code pending-for} (its transaction
 * may still commit).
 */
@ConfigurationProperties("vigil.stream")
record StreamProperties(@DefaultValue("500ms") Duration pollInterval, @DefaultValue("15s") Duration heartbeat,
		@DefaultValue("1000") int maxSubscribers, @DefaultValue("1000") int backlog,
		@DefaultValue("30s") Duration pendingFor, @DefaultValue("5") int perUser) {

	StreamProperties {
		if (maxSubscribers < 1 || backlog < 1 || perUser < 1) {
			throw new IllegalArgumentException("vigil.stream.max-subscribers, backlog and per-user must be at least 1");
		}
		if (pollInterval.isNegative() || pollInterval.isZero() || heartbeat.isNegative() || heartbeat.isZero()
				|| pendingFor.isNegative()) {
			throw new IllegalArgumentException(
					"vigil.stream.poll-interval and heartbeat must be positive, pending-for not negative");
		}
	}

}
