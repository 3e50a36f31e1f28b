package org.vigil.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The one settable clock of the tests. It is the clock of every {@link ApiTest}
 * application: the system clock until a test {@link #freeze freezes} it, after which it
 * stands still until the test {@link #advance advances} it, so that timeouts, group waits
 * and windows pass at once instead of being waited for. Every test starts on the system
 * clock again. A test that builds the object under test itself gives it one
 * {@link #frozenAt frozen} from the start.
 */
public final class TestClock extends Clock {

	/** Null while the clock follows the system clock. */
	private volatile Instant frozen;

	@Override
	public synchronized Instant instant() {
		Instant at = this.frozen;
		return (at != null) ? at : Instant.now();
	}

	/**
	 * Stands still at the current instant (in whole microseconds, as the database keeps
	 * it) until advanced; returns that instant.
	 */
	public synchronized Instant freeze() {
		this.frozen = Instant.now().truncatedTo(ChronoUnit.MICROS);
		return this.frozen;
	}

	/**
	 * A clock standing still at {@code at} from the start, for a test that builds the
	 * object under test itself.
	 */
	public static TestClock frozenAt(Instant at) {
		TestClock clock = new TestClock();
		clock.set(at);
		return clock;
	}

	/** Freezes the clock at {@code at}, earlier or later than it stands. */
	public synchronized void set(Instant at) {
		this.frozen = at;
	}

	/** Moves a frozen clock on; returns the new instant. */
	public synchronized Instant advance(Duration duration) {
		if (this.frozen == null) {
			throw new IllegalStateException("freeze() the clock before advancing it");
		}
		this.frozen = this.frozen.plus(duration);
		return this.frozen;
	}

	/** Follows the system clock again. */
	public synchronized void followSystem() {
		this.frozen = null;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("Always UTC");
	}

	/** Replaces the application's clock (a system clock) in the tests' applications. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {

		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock();
		}

	}

}
