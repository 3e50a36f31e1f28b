package org.vigil.status;

import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jooq.DSLContext;
import org.vigil.status.rhythm.Basis;
import org.vigil.system.Clocks;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code vigil.statuses{status, agent_type}}: how many statuses are in each state, read
 * from the kept counts every {@code vigil.metrics.status-refresh} (default 15 s), which
 * also folds them ({@link StatusCounts#fold}); {@code vigil.statuses.late}: how many
 * Active statuses are late, counted every {@code vigil.metrics.late-refresh} (default 60
 * s).
 */
@Component
class StatusGauges {

	private static final Logger log = LoggerFactory.getLogger(StatusGauges.class);

	private final StatusCounts counts;

	private final MultiGauge gauge;

	private final DSLContext db;

	private final Clock clock;

	private final AtomicLong late = new AtomicLong();

	StatusGauges(StatusCounts counts, MeterRegistry meters, DSLContext db, Clock clock) {
		this.counts = counts;
		this.db = db;
		this.clock = clock;
		Gauge.builder("vigil.statuses.late", this.late, AtomicLong::get)
			.description("Active statuses silent past their learned rhythm (suspicion at the late threshold)")
			.register(meters);
		this.gauge = MultiGauge.builder("vigil.statuses")
			.description("Integration statuses by status and agent type")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${vigil.metrics.status-refresh:15s}", initialDelay = 0)
	void refresh() {
		long[][] counts;
		try {
			this.counts.fold();
			counts = this.counts.byStatusAndType();
		}
		catch (RuntimeException ex) {
			log.debug("Status counts not refreshed: {}", ex.getMessage());
			return;
		}
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		for (Status status : Status.values()) {
			for (AgentType type : AgentType.values()) {
				rows.add(MultiGauge.Row.of(Tags.of("status", status.label(), "agent_type", type.label()),
						counts[status.code() - 1][type.code() - 1]));
			}
		}
		this.gauge.register(rows, true);
	}

	/**
	 * The late statuses counted. {@code late_after} is not indexed on purpose (a steady
	 * check-in moves it and must stay a HOT update), so this reads the Active statuses
	 * through the index on status: at a million Active statuses, some tens to a hundred
	 * milliseconds of one core on PostgreSQL, hence once a minute by default, not with
	 * every scrape.
	 */
	@Scheduled(fixedDelayString = "${vigil.metrics.late-refresh:60s}", initialDelay = 0)
	void refreshLate() {
		try {
			this.late.set(this.db.fetchCount(INTEGRATION_STATUS,
					INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code())
						.and(INTEGRATION_STATUS.TIMEOUT_BASIS.eq(StoredRhythm.code(Basis.LEARNED)))
						.and(INTEGRATION_STATUS.LATE_AFTER.le(Clocks.now(this.clock)))));
		}
		catch (RuntimeException ex) {
			log.debug("Late statuses not counted: {}", ex.getMessage());
		}
	}

}
