package org.vigil.alerts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.support.TestClock;
import org.vigil.web.ApiException;
import org.vigil.support.OneStore;

/**
 * Five tests in any 60 seconds per channel and per user, on a clock the test moves: the
 * window slides (a use counts for exactly 60 s), the wait is to when the oldest use
 * leaves it, and a refused request is not counted.
 */
@OneStore
class TestActionLimitsTest {

	private final TestClock clock = TestClock.frozenAt(Instant.parse("2026-12-07T08:00:00Z"));

	private final TestActionLimits limits = new TestActionLimits(this.clock);

	private final UUID channel = UUID.randomUUID();

	private final UUID user = UUID.randomUUID();

	@Test
	void fiveInAnySixtySecondsThenTheWaitForTheOldest() {
		for (int i = 0; i < 5; i++) {
			this.limits.acquire(this.channel, UUID.randomUUID());
			this.clock.advance(Duration.ofSeconds(10));
		}
		// Uses at 0, 10, 20, 30 and 40 s; now 50 s: the one at 0 s leaves at 60 s.
		assertThat(retryAfter(() -> this.limits.acquire(this.channel, this.user))).isEqualTo("10");
		this.clock.advance(Duration.ofMillis(9_500));
		assertThat(retryAfter(() -> this.limits.acquire(this.channel, this.user))).as("rounded up").isEqualTo("1");
		this.clock.advance(Duration.ofMillis(500));
		this.limits.acquire(this.channel, this.user);
		assertThat(retryAfter(() -> this.limits.acquire(this.channel, this.user))).isEqualTo("10");
	}

	@Test
	void aUserIsLimitedAcrossChannelsAndRefusalsAreNotCounted() {
		for (int i = 0; i < 5; i++) {
			this.limits.acquire(UUID.randomUUID(), this.user);
		}
		this.clock.advance(Duration.ofSeconds(30));
		for (int i = 0; i < 20; i++) {
			assertThatThrownBy(() -> this.limits.acquire(this.channel, this.user)).isInstanceOf(ApiException.class);
		}
		// Had the refusals counted, they would keep the user out until 90 s.
		this.clock.advance(Duration.ofSeconds(30));
		this.limits.acquire(this.channel, this.user);
		for (int i = 0; i < 3; i++) {
			this.limits.acquire(this.channel, UUID.randomUUID());
		}
		assertThat(retryAfter(() -> this.limits.acquire(UUID.randomUUID(), this.user))).isNull();
	}

	/** The Retry-After of the 429, or null if it was allowed. */
	private static String retryAfter(Runnable acquire) {
		try {
			acquire.run();
			return null;
		}
		catch (ApiException ex) {
			assertThat(ex.status().value()).isEqualTo(429);
			return ex.toResponse().getHeaders().getFirst("Retry-After");
		}
	}

}
