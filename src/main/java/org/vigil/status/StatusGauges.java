package org.vigil.status;

import static org.jooq.impl.DSL.count;
import static org.vigil.db.Tables.INTEGRATION_STATUS;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code vigil.statuses{status, agent_type}}: how many statuses are in each state,
 * counted by the database every {@code vigil.metrics.status-refresh} (default 15 s)
 * rather than per scrape.
 */
@Component
class StatusGauges {

	private static final Logger log = LoggerFactory.getLogger(StatusGauges.class);

	private final DSLContext db;

	private final MultiGauge gauge;

	StatusGauges(DSLContext db, MeterRegistry meters) {
		this.db = db;
		this.gauge = MultiGauge.builder("vigil.statuses")
			.description("Integration statuses by status and agent type")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${vigil.metrics.status-refresh:15s}", initialDelay = 0)
	void refresh() {
		long[][] counts = new long[Status.values().length][AgentType.values().length];
		try {
			this.db.select(INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.AGENT_TYPE, count())
				.from(INTEGRATION_STATUS)
				.groupBy(INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.AGENT_TYPE)
				.forEach((r) -> counts[r.value1() - 1][r.value2() - 1] = r.value3());
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

}
