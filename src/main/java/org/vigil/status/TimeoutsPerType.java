package org.vigil.status;

import java.time.Duration;

/**
 * A timeout per agent type, as settings give it ({@code ...timeouts.order-processing});
 * an unset type is null and means whatever default its user has. The one home of the
 * record and its check, shared by the liveness and the mirror settings.
 */
public record TimeoutsPerType(Duration orderProcessing, Duration usageReporting, Duration glauthSync,
		Duration resourceSync, Duration eventProcessing) {

	/** The timeout set for this type, or null. */
	public Duration of(AgentType type) {
		return switch (type) {
			case ORDER_PROCESSING -> this.orderProcessing;
			case USAGE_REPORTING -> this.usageReporting;
			case GLAUTH_SYNC -> this.glauthSync;
			case RESOURCE_SYNC -> this.resourceSync;
			case EVENT_PROCESSING -> this.eventProcessing;
		};
	}

	/**
	 * Refuses a timeout that is set but not positive, naming the setting ({@code prefix}
	 * + "." + the type's key).
	 */
	public void check(String prefix) {
		for (AgentType type : AgentType.values()) {
			Duration value = of(type);
			if (value != null && (value.isZero() || value.isNegative())) {
				throw new IllegalArgumentException(
						prefix + "." + type.key() + " must be a positive duration such as PT15M, was " + value);
			}
		}
	}

}
