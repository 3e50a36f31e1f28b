package org.vigil.alerts.channel;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.vigil.web.ApiException;

import org.springframework.stereotype.Component;

/**
 * The test action sends at once, to any address its channel has: at most {@value #LIMIT}
 * test messages in any {@link #WINDOW} per channel, and as many per user, so that neither
 * a channel nor a user makes Vigil a sender of floods. Each instance counts its own; a
 * refused request is not counted.
 */
@Component
class TestActionLimits {

	static final int LIMIT = 5;

	static final Duration WINDOW = Duration.ofSeconds(60);

	private final SlidingWindow<UUID> perChannel;

	private final SlidingWindow<UUID> perUser;

	TestActionLimits(Clock clock) {
		this.perChannel = new SlidingWindow<>(LIMIT, WINDOW, clock);
		this.perUser = new SlidingWindow<>(LIMIT, WINDOW, clock);
	}

	/** Counts a test of {@code channel} by {@code user}, or refuses it with 429. */
	synchronized void acquire(UUID channel, UUID user) {
		Duration channelWait = this.perChannel.wait(channel);
		Duration userWait = this.perUser.wait(user);
		if (!channelWait.isZero() || !userWait.isZero()) {
			boolean channelFull = channelWait.compareTo(userWait) >= 0;
			Duration wait = channelFull ? channelWait : userWait;
			long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
			throw ApiException.tooManyRequests(seconds,
					"Too many test messages " + (channelFull ? "to this channel" : "from you") + ": at most " + LIMIT
							+ " in any " + WINDOW.toSeconds() + " seconds per channel and per user. Try again in "
							+ seconds + " s.");
		}
		this.perChannel.use(channel);
		this.perUser.use(user);
	}

}
