package org.vigil.mirror;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.vigil.status.AgentType;

/**
 * How long each agent type of a source may be silent. The defaults fit what
 * waldur-site-agent really does: order processing polls every 5 minutes (three missed
 * polls), usage reporting is refreshed by the report (every 30 minutes) and membership
 * sync (every 5 minutes) and event processing runs every 30 minutes (two missed runs and
 * a margin); the other types keep Waldur's hour.
 */
final class SourceTimeouts {

	static final Map<AgentType, Duration> DEFAULTS = Map.of(AgentType.ORDER_PROCESSING, Duration.ofMinutes(15),
			AgentType.USAGE_REPORTING, Duration.ofMinutes(75), AgentType.GLAUTH_SYNC, Duration.ofHours(1),
			AgentType.RESOURCE_SYNC, Duration.ofHours(1), AgentType.EVENT_PROCESSING, Duration.ofMinutes(75));

	private SourceTimeouts() {
	}

	/** The defaults with these overrides. */
	static Map<AgentType, Duration> withDefaults(Map<AgentType, Duration> overrides) {
		Map<AgentType, Duration> all = new EnumMap<>(DEFAULTS);
		all.putAll(overrides);
		return all;
	}

	/** As stored: {@code 1=PT15M,2=PT1H15M,...}. */
	static String format(Map<AgentType, Duration> timeouts) {
		return timeouts.entrySet()
			.stream()
			.map((e) -> e.getKey().code() + "=" + e.getValue())
			.collect(Collectors.joining(","));
	}

	static Map<AgentType, Duration> parse(String stored) {
		Map<AgentType, Duration> found = new EnumMap<>(AgentType.class);
		for (String pair : stored.split(",")) {
			String[] parts = pair.split("=", 2);
			if (parts.length == 2) {
				found.put(AgentType.ofCode(Short.parseShort(parts[0])), Duration.parse(parts[1]));
			}
		}
		return withDefaults(found);
	}

}
