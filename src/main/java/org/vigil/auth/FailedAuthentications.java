package org.vigil.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.stereotype.Component;

/**
 * Bad keys per client address, each address in a window that starts at its first failure.
 * Kept in this instance's memory: behind a load balancer every instance counts for
 * itself. Windows end on the application's clock, so a test can move past one.
 */
@Component
class FailedAuthentications {

	private final Cache<String, AtomicInteger> failures;

	private final int limit;

	FailedAuthentications(FailedAuthenticationProperties properties, Clock clock) {
		this.limit = properties.limit();
		this.failures = Caffeine.newBuilder()
			.ticker(() -> nanos(clock.instant()))
			.maximumSize(100_000)
			.expireAfter(Expiry.<String, AtomicInteger>creating((address, count) -> properties.window()))
			.build();
	}

	/**
	 * Counts a bad key from this address; over the limit, the seconds until its window
	 * ends.
	 */
	OptionalLong failed(String address) {
		int count = this.failures.get(address, (key) -> new AtomicInteger()).incrementAndGet();
		if (count <= this.limit) {
			return OptionalLong.empty();
		}
		Duration left = this.failures.policy()
			.expireVariably()
			.flatMap((expiry) -> expiry.getExpiresAfter(address))
			.orElse(Duration.ZERO);
		return OptionalLong.of(Math.max(1, (left.toMillis() + 999) / 1000));
	}

	private static long nanos(Instant instant) {
		return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
	}

}
