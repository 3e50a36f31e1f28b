package org.vigil.liveness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.status.StatusChanges;
import org.vigil.system.BackgroundLoop;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks silent agents Disconnected. Every {@code sweep-interval} it drains the expired
 * statuses in batches through {@link StatusChanges#expire} (a full batch means there may
 * be more right away), each with a {@link Heartbeat} in its transaction, then sleeps. On
 * start, if no instance swept for a while, Vigil itself was down: deadlines that passed
 * meanwhile are moved to start + {@code startup-grace}, and the end of that downtime is
 * recorded for every instance to hand to {@link StatusChanges#watchedSince}. A failing
 * sweep is logged and retried on the next tick.
 */
@Component
class LivenessEngine extends BackgroundLoop {

	private static final Logger log = LoggerFactory.getLogger(LivenessEngine.class);

	private final StatusChanges statuses;

	private final Heartbeat heartbeat;

	private final TransactionTemplate transactions;

	private final LivenessProperties properties;

	private final Clock clock;

	private final Timer runs;

	private final Counter rechecked;

	LivenessEngine(StatusChanges statuses, Heartbeat heartbeat, TransactionTemplate transactions,
			LivenessProperties properties, Clock clock, MeterRegistry meters) {
		super("vigil-liveness", "Sweep");
		this.statuses = statuses;
		this.heartbeat = heartbeat;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.runs = Timer.builder("vigil.sweeper.run")
			.description("Time of one sweep for expired statuses")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.rechecked = Counter.builder("vigil.sweeper.rechecked")
			.description("Statuses a sweep looked at that had checked in since: their sweep_after moved up "
					+ "to the deadline, an update of an indexed column (about once per status and timeout)")
			.register(meters);
	}

	@Override
	protected boolean prepare() {
		forgiveDowntime();
		this.statuses.watchedSince(this.heartbeat.watchedSince());
		return true;
	}

	/**
	 * Extends the deadlines that passed while no instance watched, and records when that
	 * downtime ended: an interval across it is not learned.
	 */
	private void forgiveDowntime() {
		Instant last = this.heartbeat.lastSweep();
		Duration unwatched = this.properties.sweepInterval().multipliedBy(3).plusSeconds(5);
		Instant now = this.clock.instant();
		if (last != null && last.plus(unwatched).isBefore(now)) {
			this.heartbeat.watchedSince(now);
			int extended = this.statuses.extendMissedDeadlines(this.properties.startupGrace(),
					this.properties.sweepBatchSize());
			if (extended > 0) {
				log.info("No instance swept since {}: {} missed deadlines extended by {}", last, extended,
						this.properties.startupGrace());
			}
		}
	}

	@Override
	protected Duration interval() {
		return this.properties.sweepInterval();
	}

	/** Sweeps until a batch comes back short: nothing more has expired right now. */
	@Override
	protected void round() {
		int batch = this.properties.sweepBatchSize();
		int seen;
		do {
			long start = System.nanoTime();
			seen = this.transactions.execute((tx) -> {
				StatusChanges.Sweep sweep = this.statuses.expire(batch);
				this.heartbeat.beat();
				this.rechecked.increment(sweep.looked() - sweep.disconnected());
				return sweep.looked();
			});
			this.runs.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
		while (seen == batch && isRunning());
	}

}
