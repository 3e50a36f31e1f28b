package org.vigil.status;

import java.time.Duration;

import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;

/**
 * How long an agent may stay silent, and how long past its deadline a status is still
 * left Active ({@code vigil.liveness.*}, implemented by the liveness settings).
 */
public interface Timeouts {

	/** How long an agent of this type may be silent before it is Disconnected. */
	Duration timeout(AgentType type);

	/**
	 * A status expires once its deadline is this far in the past, so that a check-in that
	 * arrived before the deadline and is still being written is not overtaken.
	 */
	Duration settle();

	/**
	 * Whether an operator set this type's timeout: a floor under a learned deadline. A
	 * shipped default is only the cold start.
	 */
	default boolean explicit(AgentType type) {
		return false;
	}

	/**
	 * How each status's rhythm is learned and judged. Without learning settings, every
	 * deadline is the configured timeout.
	 */
	default PhiAccrual rhythms() {
		return new PhiAccrual(Learning.DEFAULTS.off());
	}

}
