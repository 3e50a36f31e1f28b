package org.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.count;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.status.StatusChanges;
import org.vigil.support.ApiTest;
import org.vigil.support.Instance;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Two more Vigil instances on the same database, all sweeping the same expired statuses
 * at once: each transition and its event happen exactly once.
 */
class SeveralSweepersTest extends ApiTest {

	private static final int STATUSES = 600;

	@Autowired
	private Environment environment;

	@Test
	void everyExpiredStatusIsDisconnectedOnceWithOneEvent() throws Exception {
		Map<String, String> settings = Map.of("spring.datasource.url",
				this.environment.getProperty("spring.datasource.url"), "vigil.liveness.sweep-interval", "20ms",
				"vigil.liveness.sweep-batch-size", "50");
		try (Instance second = Instance.start(settings); Instance third = Instance.start(settings)) {
			insertExpired();
			List<StatusChanges> sweepers = List.of(second.bean(StatusChanges.class), third.bean(StatusChanges.class));
			ExecutorService pool = Executors.newFixedThreadPool(4);
			try {
				List<Callable<Integer>> racers = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					StatusChanges sweeper = sweepers.get(i % 2);
					racers.add(() -> {
						int seen = 0;
						while (this.db.fetchCount(INTEGRATION_STATUS,
								INTEGRATION_STATUS.STATUS.eq(Status.ACTIVE.code())) > 0) {
							seen += sweeper.expire(40).looked();
						}
						return seen;
					});
				}
				for (Future<Integer> racer : pool.invokeAll(racers)) {
					racer.get();
				}
			}
			finally {
				pool.shutdown();
			}
		}
		assertThat(this.db.fetchCount(INTEGRATION_STATUS, INTEGRATION_STATUS.STATUS.eq(Status.DISCONNECTED.code())))
			.isEqualTo(STATUSES);
		assertThat(this.db.fetchCount(STATUS_EVENT)).isEqualTo(STATUSES);
		assertThat(this.db.select(STATUS_EVENT.INTEGRATION_STATUS_ID, count())
			.from(STATUS_EVENT)
			.groupBy(STATUS_EVENT.INTEGRATION_STATUS_ID)
			.having(count().gt(1))
			.fetch()).isEmpty();
	}

	/** All at once, in one statement, so that every sweeper sees them expire together. */
	private void insertExpired() {
		String customer = this.fixtures.customer("Acme");
		List<Long> offerings = new ArrayList<>();
		for (int i = 0; i < STATUSES / 5; i++) {
			String uuid = this.fixtures.offering(customer, "Offering " + i);
			offerings.add(this.db.select(OFFERING.ID)
				.from(OFFERING)
				.where(OFFERING.UUID.eq(Uuids.parse(uuid).orElseThrow()))
				.fetchSingle()
				.value1());
		}
		Instant past = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS);
		var insert = this.db.insertInto(INTEGRATION_STATUS, INTEGRATION_STATUS.UUID, INTEGRATION_STATUS.OFFERING_ID,
				INTEGRATION_STATUS.AGENT_TYPE, INTEGRATION_STATUS.STATUS, INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP,
				INTEGRATION_STATUS.SERVICE_NAME, INTEGRATION_STATUS.DEADLINE, INTEGRATION_STATUS.SWEEP_AFTER,
				INTEGRATION_STATUS.SEEN_FLOOR, INTEGRATION_STATUS.CREATED);
		for (long offering : offerings) {
			for (AgentType type : AgentType.values()) {
				insert = insert.values(UUID.randomUUID(), offering, type.code(), Status.ACTIVE.code(),
						past.minusSeconds(3600), "", past, past, past.minusSeconds(3600), past);
			}
		}
		insert.execute();
	}

}
