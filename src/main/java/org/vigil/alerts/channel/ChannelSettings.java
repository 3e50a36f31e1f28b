package org.vigil.alerts.channel;

import java.time.Duration;
import java.util.List;

import org.vigil.status.AgentType;

/**
 * A channel's settings once checked: what is written. {@code secret} is written only when
 * {@code secretGiven}; {@code offeringIds} null leaves the channel's offerings as they
 * are.
 */
record ChannelSettings(String name, String kind, String url, List<String> emails, boolean secretGiven, String secret,
		Long customerId, List<Long> offeringIds, List<AgentType> agentTypes, Duration alertAfter, Duration repeatEvery,
		boolean enabled, boolean savedByStaff) {

}
