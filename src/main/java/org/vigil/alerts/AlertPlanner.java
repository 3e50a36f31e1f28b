package org.vigil.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.PlannerPass.Planned;
import org.vigil.system.Clocks;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns status transitions into notifications. Every {@code vigil.notify.poll-interval}
 * it runs a {@link PlannerPass} in one transaction (again at once while the outbox has
 * more than a pass takes). Every instance runs it; the pass's lock lets one plan at a
 * time. A failing pass is logged and retried on the next tick; nothing of it is kept.
 */
@Component
class AlertPlanner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AlertPlanner.class);

	private static final Duration SHORTEST_POLL = Duration.ofMillis(10);

	private final PlannerPass pass;

	private final TransactionTemplate transactions;

	private final AlertProperties properties;

	private final Clock clock;

	private final Timer runs;

	private volatile boolean running;

	private Thread thread;

	AlertPlanner(PlannerPass pass, TransactionTemplate transactions, AlertProperties properties, Clock clock,
			MeterRegistry meters) {
		this.pass = pass;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.runs = Timer.builder("vigil.alerts.plan")
			.description("Time of one pass of the alert planner")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::loop, "vigil-alert-planner");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void loop() {
		Duration interval = (this.properties.pollInterval().compareTo(SHORTEST_POLL) < 0) ? SHORTEST_POLL
				: this.properties.pollInterval();
		while (this.running) {
			try {
				Planned planned;
				do {
					planned = plan(Clocks.now(this.clock));
				}
				while (planned != null && planned.events() == PlannerPass.MAX_EVENTS && this.running);
			}
			catch (RuntimeException ex) {
				log.warn("Alert planning failed, retrying in {}: {}", interval, ex.getMessage());
			}
			sleep(interval);
		}
	}

	/**
	 * One pass as of {@code now}, in its own transaction; null if another instance is
	 * planning.
	 */
	Planned plan(Instant now) {
		long start = System.nanoTime();
		Planned planned = this.transactions.execute((tx) -> this.pass.run(now));
		this.runs.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		return planned;
	}

	private void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
