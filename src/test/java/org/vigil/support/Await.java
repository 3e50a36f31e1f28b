package org.vigil.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Waiting for something another thread or process does: Awaitility, checking at once and
 * then every 20 ms in the test's own thread, so a test waits only as long as the work
 * takes, and fails with what it waited for once the limit has passed.
 */
public final class Await {

	private static final Duration POLL = Duration.ofMillis(20);

	private Await() {
	}

	/** Waits at most this long; name what is awaited with {@code .alias(...)}. */
	public static ConditionFactory atMost(Duration limit) {
		return Awaitility.await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(POLL).pollInSameThread();
	}

}
