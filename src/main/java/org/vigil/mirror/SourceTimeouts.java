package org.vigil.mirror;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.vigil.status.AgentType;

/**
 * How long each agent type of a source may be silent before its rhythm is learned, and
 * which of them an operator set. The shipped defaults fit what waldur-site-agent really
 * does and are only the cold start of a learned deadline: order processing polls every 5
 * minutes, but an agent in {@code event_process} mode refreshes order processing and
 * event processing with a health check every 30 minutes (so 45 minutes for both); usage
 * reporting is refreshed by the report (every 30 minutes) and membership sync (every 5
 * minutes); the other types keep Waldur's hour. A timeout an operator set (the source's
 * {@code timeouts}, {@code vigil.mirror.timeouts.*}) is also a floor under the learned
 * deadline.
 */
final class SourceTimeouts {

	static final Map<AgentType, Duration> DEFAULTS = Map.of(AgentType.ORDER_PROCESSING, Duration.ofMinutes(45),
			AgentType.USAGE_REPORTING, Duration.ofMinutes(75), AgentType.GLAUTH_SYNC, Duration.ofHours(1),
			AgentType.RESOURCE_SYNC, Duration.ofHours(1), AgentType.EVENT_PROCESSING, Duration.ofMinutes(45));

	/**
	 * The defaults of the builds that stored every type's timeout, defaults included: a
	 * value equal to one of them in such a row was not told apart from the default, and
	 * is read as the default.
	 */
	private static final Map<AgentType, Duration> EARLIER_DEFAULTS = Map.of(AgentType.ORDER_PROCESSING,
			Duration.ofMinutes(15), AgentType.USAGE_REPORTING, Duration.ofMinutes(75), AgentType.GLAUTH_SYNC,
			Duration.ofHours(1), AgentType.RESOURCE_SYNC, Duration.ofHours(1), AgentType.EVENT_PROCESSING,
			Duration.ofMinutes(75));

	/** Marks a stored value that holds only the timeouts an operator set. */
	private static final String SET = "set:";

	private SourceTimeouts() {
	}

	/** The defaults with these overrides. */
	static Map<AgentType, Duration> withDefaults(Map<AgentType, Duration> overrides) {
		Map<AgentType, Duration> all = new EnumMap<>(DEFAULTS);
		all.putAll(overrides);
		return all;
	}

	/** The timeouts an operator set, as stored: {@code set:1=PT15M,5=PT1H}. */
	static String format(Map<AgentType, Duration> overrides) {
		return SET + overrides.entrySet()
			.stream()
			.map((e) -> e.getKey().code() + "=" + e.getValue())
			.collect(Collectors.joining(","));
	}

	/** What is stored: the timeouts an operator set. */
	static Map<AgentType, Duration> overrides(String stored) {
		boolean set = stored.startsWith(SET);
		Map<AgentType, Duration> found = new EnumMap<>(AgentType.class);
		for (String pair : (set ? stored.substring(SET.length()) : stored).split(",")) {
			String[] parts = pair.split("=", 2);
			if (parts.length == 2) {
				AgentType type = AgentType.ofCode(Short.parseShort(parts[0]));
				Duration timeout = Duration.parse(parts[1]);
				if (set || !timeout.equals(EARLIER_DEFAULTS.get(type))) {
					found.put(type, timeout);
				}
			}
		}
		return found;
	}

	/** The types whose timeout an operator set. */
	static Set<AgentType> explicit(Map<AgentType, Duration> overrides) {
		return Set.copyOf(overrides.keySet());
	}

}
