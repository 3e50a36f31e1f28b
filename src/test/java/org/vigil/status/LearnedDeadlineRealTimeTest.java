package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.support.Await;
import org.vigil.support.ApiTest;
import org.vigil.support.OneStore;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Real time, once, because the real delay is the point: an agent checking in every 3 s
 * under a configured 2 s timeout flaps at first, stops once its rhythm is learned (after
 * 3 intervals here), and is Disconnected within about 6 s of its last check-in. A sweep
 * every 200 ms, as the engine's loop makes it. In the H2 pass only: what the store does
 * here (the learned deadline written by each path) is LearnedLivenessTest's, on both
 * stores and the test clock; this one is about the wall clock.
 */
@OneStore
class LearnedDeadlineRealTimeTest extends ApiTest {

	private static final Learning LEARNING = new Learning(true, 50, 8, 3, 3, Duration.ofSeconds(1),
			Duration.ofHours(24), 0.1, Duration.ZERO, 3);

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void anAgentSlowerThanItsTimeoutStopsFlappingOnceLearnedAndIsHeardDeadWithinAboutSixSeconds() throws Exception {
		Timeouts timeouts = new Timeouts() {

			@Override
			public Duration timeout(AgentType type) {
				return Duration.ofSeconds(2);
			}

			@Override
			public Duration settle() {
				return Duration.ofMillis(500);
			}

			@Override
			public PhiAccrual rhythms() {
				return new PhiAccrual(LEARNING);
			}

		};
		StatusChanges statuses = new StatusChanges(this.db, this.transactions, timeouts, Clock.systemUTC(),
				new SimpleMeterRegistry(), List.of());
		long offering = this.db.select(OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.UUID
				.eq(Uuids.parse(this.fixtures.offering(this.fixtures.customer("Acme"), "HPC")).orElseThrow()))
			.fetchSingle()
			.value1();
		StatusKey key = new StatusKey(offering, AgentType.ORDER_PROCESSING);
		ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
		try {
			sweeper.scheduleWithFixedDelay(() -> statuses.expire(100), 200, 200, TimeUnit.MILLISECONDS);
			int flapsWhileLearning = 0;
			for (int i = 0; i < 9; i++) {
				statuses.checkIn(Map.of(key, "agent"));
				if (i == 4) {
					flapsWhileLearning = timeouts();
				}
				Thread.sleep(i < 8 ? 3000 : 0); // the agent's own rhythm, in real time
			}
			assertThat(flapsWhileLearning).as("Disconnected between the first check-ins").isPositive();
			assertThat(timeouts()).as("no flapping once learned").isEqualTo(flapsWhileLearning);

			int flapped = flapsWhileLearning;
			Instant last = this.db.select(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP)
				.from(INTEGRATION_STATUS)
				.fetchSingle()
				.value1();
			Await.atMost(Duration.ofSeconds(15))
				.alias("the silent agent Disconnected")
				.until(() -> timeouts() > flapped);
			Instant heard = this.db.select(STATUS_EVENT.CREATED)
				.from(STATUS_EVENT)
				.where(STATUS_EVENT.REASON.eq("timeout"))
				.orderBy(STATUS_EVENT.CREATED.desc())
				.limit(1)
				.fetchSingle()
				.value1();
			assertThat(Duration.between(last, heard)).isLessThan(Duration.ofMillis(6500));
		}
		finally {
			sweeper.shutdownNow();
		}
	}

	private int timeouts() {
		return this.db.fetchCount(STATUS_EVENT, STATUS_EVENT.REASON.eq("timeout"));
	}

}
