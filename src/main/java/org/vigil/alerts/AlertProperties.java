package org.vigil.alerts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.notify.*} (SPEC 12): how alerts are grouped, where they may go and how
 * hard delivery tries.
 *
 * @param groupWait transitions of one customer within this time go out as one message
 * @param allowPrivate whether non-staff channels may target loopback, link-local or
 * private addresses ({@code VIGIL_NOTIFY_ALLOW_PRIVATE})
 * @param connectTimeout the longest a connection to a receiver may take to open
 * @param readTimeout the longest a receiver may take to answer
 * @param giveUpAfter how long a delivery is retried before it is marked failed
 * @param pollInterval how often the planner and the dispatcher look for due work
 */
@ConfigurationProperties("vigil.notify")
public record AlertProperties(@DefaultValue("PT30S") Duration groupWait, @DefaultValue("false") boolean allowPrivate,
		@DefaultValue("PT5S") Duration connectTimeout, @DefaultValue("PT10S") Duration readTimeout,
		@DefaultValue("PT24H") Duration giveUpAfter, @DefaultValue("PT1S") Duration pollInterval) {

	public AlertProperties {
		for (Duration d : new Duration[] { groupWait, connectTimeout, readTimeout, giveUpAfter, pollInterval }) {
			if (d.isNegative()) {
				throw new IllegalArgumentException("vigil.notify durations must not be negative, was " + d);
			}
		}
	}

}
