package org.vigil.alerts.planning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.vigil.alerts.AlertProperties;
import org.vigil.alerts.delivery.Dispatcher;
import org.vigil.alerts.planning.PlannerPass.Planned;
import org.vigil.system.BackgroundLoop;
import org.vigil.system.Clocks;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns status transitions into notifications. Every {@code vigil.notify.poll-interval}
 * it runs a {@link PlannerPass} in one transaction, again at once while a pass leaves
 * work for the next (a mass outage is planned in bounded steps). Every instance runs it;
 * the pass's lock lets one plan at a time. A failing pass is logged and retried on the
 * next tick; nothing of it is kept.
 */
@Component
class AlertPlanner extends BackgroundLoop {

	private static final Duration SHORTEST_POLL = Duration.ofMillis(10);

	private final PlannerPass pass;

	private final TransactionTemplate transactions;

	private final AlertProperties properties;

	private final Clock clock;

	private final Timer runs;

	private final Dispatcher dispatcher;

	AlertPlanner(PlannerPass pass, TransactionTemplate transactions, AlertProperties properties, Clock clock,
			MeterRegistry meters, Dispatcher dispatcher) {
		super("vigil-alert-planner", "Alert planning");
		this.pass = pass;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.dispatcher = dispatcher;
		this.runs = Timer.builder("vigil.alerts.plan")
			.description("Time of one pass of the alert planner")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
	}

	@Override
	protected Duration interval() {
		return (this.properties.pollInterval().compareTo(SHORTEST_POLL) < 0) ? SHORTEST_POLL
				: this.properties.pollInterval();
	}

	/** Passes until one leaves nothing for the next: the outbox is drained. */
	@Override
	protected void round() {
		Planned planned;
		do {
			planned = plan(Clocks.now(this.clock));
		}
		while (planned != null && planned.more() && isRunning());
	}

	/**
	 * One pass as of {@code now}, in its own transaction; null if another instance is
	 * planning.
	 */
	Planned plan(Instant now) {
		long start = System.nanoTime();
		Planned planned = this.transactions.execute((tx) -> this.pass.run(now));
		this.runs.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		if (planned != null && planned.notifications() > 0) {
			this.dispatcher.wake();
		}
		return planned;
	}

}
