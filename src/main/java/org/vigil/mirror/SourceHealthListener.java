package org.vigil.mirror;

import java.time.Instant;

/**
 * How another feature learns that a mirror source turned unhealthy or recovered: a Spring
 * bean implementing this is told inside the transaction that recorded the source's event,
 * so what it writes commits or rolls back with the change (alerts queues its
 * notifications this way). Only changes of health are told, not every change of state.
 */
public interface SourceHealthListener {

	/**
	 * The source (by row id) changed health; its event (by row id) says how, at
	 * {@code at}.
	 */
	void healthChanged(long sourceId, long sourceEventId, Instant at);

}
