package org.vigil.mirror;

import static org.jooq.impl.DSL.count;
import static org.vigil.db.Tables.MIRROR_SOURCE;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code vigil.mirror.sources{state}} and {@code vigil.mirror.sources.unhealthy}: counted
 * by the database, as the statuses are, so every instance reports the same whichever one
 * polls.
 */
@Component
class SourceGauges {

	private static final Logger log = LoggerFactory.getLogger(SourceGauges.class);

	private final DSLContext db;

	private final MultiGauge byState;

	private final AtomicLong unhealthy = new AtomicLong();

	SourceGauges(DSLContext db, MeterRegistry meters) {
		this.db = db;
		this.byState = MultiGauge.builder("vigil.mirror.sources")
			.description("Mirror sources by state")
			.register(meters);
		Gauge.builder("vigil.mirror.sources.unhealthy", this.unhealthy, AtomicLong::get)
			.description("Mirror sources whose last poll failed (their statuses are frozen)")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${vigil.metrics.status-refresh:15s}", initialDelay = 0)
	void refresh() {
		Map<SourceState, Long> counts = new EnumMap<>(SourceState.class);
		try {
			this.db.select(MIRROR_SOURCE.STATE, count())
				.from(MIRROR_SOURCE)
				.groupBy(MIRROR_SOURCE.STATE)
				.forEach((r) -> counts.put(SourceState.of(r.value1()), (long) r.value2()));
		}
		catch (RuntimeException ex) {
			log.debug("Mirror source counts not refreshed: {}", ex.getMessage());
			return;
		}
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		long down = 0;
		for (SourceState state : SourceState.values()) {
			long n = counts.getOrDefault(state, 0L);
			rows.add(MultiGauge.Row.of(Tags.of("state", state.label()), n));
			down += state.unhealthy() ? n : 0;
		}
		this.byState.register(rows, true);
		this.unhealthy.set(down);
	}

}
