package org.vigil.alerts.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Delivery counters per channel kind, and the backlog as the database has it (so that
 * every instance reports the same): pending notifications and the age of the oldest. The
 * dispatcher loop refreshes the backlog; a scrape only reads it.
 */
@Component
class DeliveryMetrics {

	private final MeterRegistry meters;

	private final Clock clock;

	private volatile int pending;

	private volatile Instant oldest;

	DeliveryMetrics(MeterRegistry meters, Clock clock) {
		this.meters = meters;
		this.clock = clock;
		Gauge.builder("vigil.notifications.pending", this, (m) -> m.pending)
			.description("Notifications waiting to be delivered, on every instance")
			.register(meters);
		Gauge.builder("vigil.notifications.oldest.pending.age", this, DeliveryMetrics::oldestAgeSeconds)
			.description("SqlTime since the oldest pending notification was created (0: none pending)")
			.baseUnit("seconds")
			.register(meters);
	}

	void backlog(DeliveryQueue.Backlog backlog) {
		this.pending = backlog.pending();
		this.oldest = backlog.oldest();
	}

	void attempted(String kind, boolean succeeded) {
		Counter.builder("vigil.notifications.attempts")
			.description("Attempts to deliver a notification")
			.tag("kind", kind)
			.tag("result", succeeded ? "succeeded" : "failed")
			.register(this.meters)
			.increment();
	}

	/** A notification reached its final state: {@code sent} or {@code failed}. */
	void finished(String kind, String state) {
		Counter.builder("vigil.notifications." + state)
			.description(state.equals(DeliveryQueue.SENT) ? "Notifications delivered"
					: "Notifications given up after vigil.notify.give-up-after")
			.tag("kind", kind)
			.register(this.meters)
			.increment();
	}

	private double oldestAgeSeconds() {
		Instant oldest = this.oldest;
		return (oldest != null) ? Math.max(0, Duration.between(oldest, this.clock.instant()).toMillis() / 1000.0) : 0;
	}

}
