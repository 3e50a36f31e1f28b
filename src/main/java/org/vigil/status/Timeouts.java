package org.vigil.status;

import java.time.Duration;

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

}
