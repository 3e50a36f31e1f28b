package org.vigil.alerts.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * At most {@code limit} uses per key in any {@code window}, counted in this instance's
 * memory by the given clock. A key unused for a whole window is forgotten. Not
 * thread-safe on its own: callers hold a lock across {@link #wait} and {@link #use}.
 */
final class SlidingWindow<K> {

	private final int limit;

	private final Duration window;

	private final Clock clock;

	private final Cache<K, Deque<Instant>> uses;

	SlidingWindow(int limit, Duration window, Clock clock) {
		this.limit = limit;
		this.window = window;
		this.clock = clock;
		this.uses = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window).build();
	}

	/** How long until {@code key} may be used again: zero if it may now. */
	Duration wait(K key) {
		Deque<Instant> times = this.uses.getIfPresent(key);
		if (times == null) {
			return Duration.ZERO;
		}
		Instant now = this.clock.instant();
		while (!times.isEmpty() && !times.peekFirst().plus(this.window).isAfter(now)) {
			times.pollFirst();
		}
		if (times.size() < this.limit) {
			return Duration.ZERO;
		}
		return Duration.between(now, times.peekFirst().plus(this.window));
	}

	/** Counts a use of {@code key} now. */
	void use(K key) {
		this.uses.get(key, (k) -> new ArrayDeque<>()).addLast(this.clock.instant());
	}

}
