package org.vigil.alerts.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.count;
import static org.vigil.db.Tables.ALERT_OUTBOX;
import static org.vigil.db.Tables.ALERT_PENDING;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.NOTIFICATION;
import static org.vigil.db.Tables.NOTIFICATION_ITEM;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.vigil.status.StatusChanges;
import org.vigil.support.ApiTest;
import org.vigil.support.Instance;
import org.vigil.support.Await;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * Two Vigil instances on one database, both planning the same transitions at once (their
 * loops, and four threads forcing passes): every disconnection reaches every channel
 * exactly once.
 */
class SeveralPlannersTest extends ApiTest {

	private static final int OFFERINGS = 6;

	@Autowired
	private Environment environment;

	@Autowired
	private AlertPlanner planner;

	@Autowired
	private StatusChanges statuses;

	@Test
	void planningOnTwoInstancesNeverDuplicatesAnItem() throws Exception {
		List<String> customers = List.of(this.fixtures.customer("Acme"), this.fixtures.customer("Beta"));
		for (String customer : customers) {
			create(Map.of("name", "own", "kind", "webhook", "url", AlertPlannerTest.PUBLIC_HOOK, "customer", customer));
			for (int i = 0; i < OFFERINGS / 2; i++) {
				String offering = this.fixtures.offering(customer, "Offering " + i);
				this.api.post(AlertPlannerTest.CHECK_IN, ADMIN,
						Map.of("offering_uuid", offering, "agent_type", List.of(1, 2, 3, 4, 5)));
			}
		}
		create(Map.of("name", "global", "kind", "webhook", "url", AlertPlannerTest.PUBLIC_HOOK));
		List<Long> ids = this.db.select(INTEGRATION_STATUS.ID)
			.from(INTEGRATION_STATUS)
			.orderBy(INTEGRATION_STATUS.ID)
			.fetch(INTEGRATION_STATUS.ID);
		assertThat(ids).hasSize(OFFERINGS * 5);
		Map<String, String> settings = Map.of("spring.datasource.url",
				this.environment.getProperty("spring.datasource.url"), "vigil.notify.poll-interval", "PT0.02S");
		AtomicBoolean racing = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try (Instance second = Instance.start(settings)) {
			List<AlertPlanner> planners = List.of(this.planner, second.bean(AlertPlanner.class));
			List<Future<?>> racers = new ArrayList<>();
			AtomicLong passes = new AtomicLong();
			for (int i = 0; i < 4; i++) {
				AlertPlanner planner = planners.get(i % 2);
				racers.add(pool.submit(() -> {
					while (racing.get()) {
						planner.plan(Instant.now().plusSeconds(31));
						passes.incrementAndGet();
					}
				}));
			}
			for (int from = 0; from < ids.size(); from += 5) {
				disconnect(ids.subList(from, from + 5));
				// The planners take turns with the disconnections: two passes after each.
				long seen = passes.get();
				Await.atMost(Duration.ofSeconds(10)).until(() -> passes.get() >= seen + 2);
			}
			racing.set(false);
			for (Future<?> racer : racers) {
				racer.get();
			}
			// Until drained: a pass finds the lock taken while another planner on this
			// database (another cached test context's) is in a pass of its own.
			try {
				Await.atMost(Duration.ofSeconds(20)).until(() -> {
					this.planner.plan(Instant.now().plusSeconds(120));
					return this.db.fetchCount(ALERT_OUTBOX) == 0 && this.db.fetchCount(ALERT_PENDING) == 0;
				});
			}
			catch (ConditionTimeoutException ex) {
				// Judged by the queue and the items below.
			}
			assertThat(this.db.fetchCount(ALERT_PENDING)).isZero();
		}
		finally {
			racing.set(false);
			pool.shutdown();
		}
		// Each status on its customer's channel and on the global one.
		assertThat(this.db.fetchCount(NOTIFICATION_ITEM, NOTIFICATION_ITEM.WHAT.eq("disconnected")))
			.isEqualTo(2 * ids.size());
		assertThat(this.db.select(NOTIFICATION.CHANNEL_ID, NOTIFICATION_ITEM.EVENT_UUID, count())
			.from(NOTIFICATION_ITEM)
			.join(NOTIFICATION)
			.on(NOTIFICATION.ID.eq(NOTIFICATION_ITEM.NOTIFICATION_ID))
			.groupBy(NOTIFICATION.CHANNEL_ID, NOTIFICATION_ITEM.EVENT_UUID)
			.having(count().gt(1))
			.fetch()).isEmpty();
	}

	private void create(Map<String, Object> channel) {
		assertThat(this.api.post("/api/notification-channels/", ADMIN, channel).status()).isEqualTo(201);
	}

	private void disconnect(List<Long> ids) {
		this.db.update(INTEGRATION_STATUS)
			.set(INTEGRATION_STATUS.DEADLINE, Instant.now().minusSeconds(10))
			.set(INTEGRATION_STATUS.SWEEP_AFTER, Instant.now().minusSeconds(10))
			.where(INTEGRATION_STATUS.ID.in(ids))
			.execute();
		this.statuses.expire(1000);
	}

}
