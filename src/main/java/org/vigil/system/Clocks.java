package org.vigil.system;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The databases keep microseconds; so does every time Vigil writes, so what is read back
 * is equal.
 */
public final class Clocks {

	private Clocks() {
	}

	public static Instant now(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
