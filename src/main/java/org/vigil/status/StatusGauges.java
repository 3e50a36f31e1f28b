package org.vigil.status;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code vigil.statuses{status, agent_type}}: how many statuses are in each state, read
 * from the kept counts every {@code vigil.metrics.status-refresh} (default 15 s), which
 * also folds them ({@link StatusCounts#fold}).
 */
@Component
class StatusGauges {

	private static final Logger log = LoggerFactory.getLogger(StatusGauges.class);

	private final StatusCounts counts;

	private final MultiGauge gauge;

	StatusGauges(StatusCounts counts, MeterRegistry meters) {
		this.counts = counts;
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

}
