package org.vigil.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.StatusChanges.Observation;
import org.vigil.status.rhythm.Learning;
import org.vigil.status.rhythm.PhiAccrual;
import org.vigil.support.ApiTest;
import org.vigil.support.StatusRows;
import org.vigil.web.Uuids;
import org.vigil.support.Await;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The staff-wide counts, which come from the kept counts of migration 15, against a real
 * {@code COUNT(*)} after every kind of write: check-ins of new and of disconnected
 * statuses, the sweeper, a direct SQL insert, the mirror, a fold, an offering deleted
 * with its statuses, and many of them at once.
 */
// Learning off: its check-ins come closer together than the learned deadline's floor
// (min-timeout, 5 s), which would outlast the 1 s timeout this test expires statuses by.
@TestPropertySource(properties = { "vigil.liveness.default-timeout=PT1S", "vigil.liveness.sweep-interval=100ms",
		"vigil.liveness.startup-grace=PT1M", "vigil.liveness.learning.enabled=false" })
class KeptCountsTest extends ApiTest {

	private static final String LIST = "/api/marketplace-integration-statuses/";

	private static final Map<String, Condition> FILTERS = new LinkedHashMap<>();

	static {
		FILTERS.put("", DSL.noCondition());
		for (Status status : Status.values()) {
			FILTERS.put("?status=" + status.label(), INTEGRATION_STATUS.STATUS.eq(status.code()));
		}
		FILTERS.put("?status=Active,Unknown&status=Active",
				INTEGRATION_STATUS.STATUS.in(Status.ACTIVE.code(), Status.UNKNOWN.code()));
	}

	@Autowired
	private StatusChanges changes;

	@Autowired
	private StatusCounts counts;

	private List<String> offerings;

	@BeforeEach
	void offerings() {
		String customer = this.fixtures.customer("Acme");
		this.offerings = List.of(this.fixtures.offering(customer, "HPC"), this.fixtures.offering(customer, "Cloud"),
				this.fixtures.offering(customer, "Storage"));
	}

	@Test
	void staffCountsEqualARealCountAfterEveryKindOfWrite() {
		this.clock.freeze();
		assertExact("empty");

		for (int type = 1; type <= 5; type++) {
			checkIn(this.offerings.get(0), type);
		}
		assertExact("five new statuses checked in");
		assertThat(header("", "X-Result-Count")).isEqualTo("5");

		awaitNoneActive();
		assertExact("all five expired by the sweeper");
		assertThat(header("?status=Disconnected", "X-Result-Count")).isEqualTo("5");

		checkIn(this.offerings.get(0), 1);
		checkIn(this.offerings.get(0), 2);
		assertExact("two reconnected");

		StatusRows rows = new StatusRows(this.db);
		rows.insert(this.offerings.get(1), AgentType.ORDER_PROCESSING, Status.UNKNOWN, null);
		rows.insert(this.offerings.get(1), AgentType.USAGE_REPORTING, Status.DISCONNECTED, Instant.now());
		assertExact("two inserted with SQL");

		Instant now = Instant.now();
		this.changes
			.observe(
					List.of(new Observation(UUID.randomUUID(), id(this.offerings.get(2)), AgentType.GLAUTH_SYNC, now),
							new Observation(UUID.randomUUID(), id(this.offerings.get(2)), AgentType.RESOURCE_SYNC,
									null)),
					new MirrorTimeouts(Map.of(AgentType.GLAUTH_SYNC, Duration.ofHours(1)), Set.of(),
							Duration.ofMinutes(1), new PhiAccrual(Learning.DEFAULTS)),
					now, true);
		assertExact("two mirrored");

		this.counts.fold();
		assertExact("folded");

		awaitNoneActive();
		this.db.deleteFrom(OFFERING).where(OFFERING.UUID.eq(uuid(this.offerings.get(0)))).execute();
		assertExact("an offering deleted with its statuses");
		assertThat(header("", "X-Result-Count")).isEqualTo("4");
	}

	/**
	 * Agents check in at random moments while the sweeper's own loop expires the statuses
	 * they leave alone and folds run every 20 ms: a race on the wall clock.
	 */
	@Test
	void onTheWallClockCountsStayExactWhileCheckInsSweepsAndFoldsRunTogether() throws Exception {
		ScheduledExecutorService folds = Executors.newSingleThreadScheduledExecutor();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			ScheduledFuture<?> folding = folds.scheduleWithFixedDelay(this.counts::fold, 0, 20, TimeUnit.MILLISECONDS);
			List<Future<?>> agents = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				agents.add(pool.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
					while (System.nanoTime() < until) {
						checkIn(this.offerings.get(random.nextInt(3)), 1 + random.nextInt(5));
						// Real time: some statuses stay silent past their 1 s timeout.
						Thread.sleep(random.nextInt(400));
					}
					return null;
				}));
			}
			for (Future<?> agent : agents) {
				agent.get();
			}
			if (folding.isDone()) {
				folding.get(); // a fold failed: its exception
			}
			folds.shutdown();
			assertThat(folds.awaitTermination(10, TimeUnit.SECONDS)).as("the last fold ended").isTrue();
		}
		finally {
			folds.shutdownNow();
			pool.shutdownNow();
		}
		this.clock.freeze();
		awaitNoneActive();
		assertExact("after concurrent check-ins, expirations and folds");
		assertThat(this.db.fetchCount(STATUS_EVENT, STATUS_EVENT.REASON.eq("timeout")))
			.as("statuses expired and came back while the others checked in")
			.isGreaterThan(5);
	}

	private void checkIn(String offering, int type) {
		assertThat(this.api.post(LIST + "check_in/", ADMIN, Map.of("offering_uuid", offering, "agent_type", type))
			.status()).isEqualTo(200);
	}

	/**
	 * Every count the kept counts answer equals COUNT(*), taken when the database held
	 * still around the request (the sweeper may move a status between two reads).
	 */
	private void assertExact(String after) {
		for (int attempt = 0;; attempt++) {
			Map<String, String> before = realCounts();
			Map<String, String> answered = new LinkedHashMap<>();
			FILTERS.keySet().forEach((query) -> answered.put(query, header(query, "X-Result-Count")));
			if (before.equals(realCounts()) || attempt == 20) {
				assertThat(answered).as(after).isEqualTo(before);
				return;
			}
		}
	}

	private Map<String, String> realCounts() {
		Map<String, String> real = new LinkedHashMap<>();
		FILTERS.forEach((query, condition) -> real.put(query,
				String.valueOf(this.db.fetchCount(INTEGRATION_STATUS, condition))));
		return real;
	}

	private String header(String query, String name) {
		var response = this.api.head(LIST + query, ADMIN);
		assertThat(response.status()).isEqualTo(200);
		return response.header(name);
	}

	/**
	 * Moves the frozen clock past every deadline (1 s and the settle margin, from a
	 * check-in that may be a little after the clock's time: never before its status's
	 * last event) and waits for the sweeper's loop.
	 */
	private void awaitNoneActive() {
		this.clock.advance(Duration.ofSeconds(2));
		Await.atMost(Duration.ofSeconds(15))
			.alias("every checked-in status expired")
			.until(() -> this.db.fetchCount(INTEGRATION_STATUS, INTEGRATION_STATUS.SWEEP_AFTER.isNotNull()) == 0);
	}

	private long id(String offering) {
		return this.db.select(OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.UUID.eq(uuid(offering)))
			.fetchSingle()
			.value1();
	}

	private static UUID uuid(String hex) {
		return Uuids.parse(hex).orElseThrow();
	}

}
