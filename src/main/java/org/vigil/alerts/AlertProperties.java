package org.vigil.alerts;

import java.time.Duration;
import java.util.List;

import org.vigil.alerts.delivery.Destinations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.notify.*}, the settings: how alerts are grouped, where they may go and how
 * hard delivery tries.
 *
 * @param groupWait transitions of one customer within this time go out as one message
 * @param allowPrivate whether every channel may send to loopback, link-local, private and
 * other non-public addresses ({@code VIGIL_NOTIFY_ALLOW_PRIVATE})
 * @param allowHosts host names and addresses or CIDR networks that channels saved by
 * staff may send to although they are not public ({@code VIGIL_NOTIFY_ALLOW_HOSTS})
 * @param connectTimeout the longest a connection to a receiver may take to open
 * @param readTimeout the longest a receiver may take to answer
 * @param giveUpAfter how long a delivery is retried before it is marked failed
 * @param pollInterval how often the planner and the dispatcher look for due work
 * @param retryBase the wait after a first failed attempt; it doubles with each further
 * failure
 * @param retryMax the longest wait between two attempts
 * @param senders how many deliveries one instance sends at once
 * @param emailFrom the sender address of alert emails
 * @param dispatch whether this instance sends notifications
 */
@ConfigurationProperties("vigil.notify")
public record AlertProperties(@DefaultValue("PT30S") Duration groupWait, @DefaultValue("false") boolean allowPrivate,
		@DefaultValue List<String> allowHosts, @DefaultValue("PT5S") Duration connectTimeout,
		@DefaultValue("PT10S") Duration readTimeout, @DefaultValue("PT24H") Duration giveUpAfter,
		@DefaultValue("PT1S") Duration pollInterval, @DefaultValue("PT10S") Duration retryBase,
		@DefaultValue("PT1H") Duration retryMax, @DefaultValue("32") int senders,
		@DefaultValue("vigil@localhost") String emailFrom, @DefaultValue("true") boolean dispatch) {

	public AlertProperties {
		allowHosts = List.copyOf(allowHosts);
		Destinations.Policy.validate(allowHosts);
		for (Duration d : new Duration[] { groupWait, connectTimeout, readTimeout, giveUpAfter, pollInterval, retryBase,
				retryMax }) {
			if (d.isNegative()) {
				throw new IllegalArgumentException("vigil.notify durations must not be negative, was " + d);
			}
		}
		if (senders < 1) {
			throw new IllegalArgumentException("vigil.notify.senders must be at least 1, was " + senders);
		}
	}

	/**
	 * How long a claimed delivery is reserved for its dispatcher: well past the longest a
	 * send may take, so that only a dispatcher that died loses it to another.
	 */
	public Duration lease() {
		return this.connectTimeout.plus(this.readTimeout).multipliedBy(3).plusSeconds(1);
	}

}
