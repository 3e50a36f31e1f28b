package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.mirror.MirrorTestSupport.await;
import static org.vigil.mirror.MirrorTestSupport.events;
import static org.vigil.mirror.MirrorTestSupport.sleep;
import static org.vigil.mirror.MirrorTestSupport.state;
import static org.vigil.mirror.MirrorTestSupport.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.Instance;
import org.vigil.web.Uuids;

/**
 * The mirror against a fake Waldur that answers as Waldur's serializers do: the first
 * sync, check-ins seen upstream, silence believed only after a successful look, every
 * kind of upstream failure, and objects removed upstream.
 */
class MirrorTest extends ApiTest {

	private static final short UNKNOWN = 1;

	private static final short ACTIVE = 2;

	private static final short DISCONNECTED = 3;

	/** The Order processing timeout these tests give a source. */
	private static final Duration TIMEOUT = Duration.ofMillis(1500);

	private static Instance poller;

	private FakeWaldur waldur;

	private UUID customer;

	private UUID cluster;

	@BeforeAll
	static void startPoller() {
		poller = MirrorTestSupport.poller();
	}

	@AfterAll
	static void stopPoller() {
		poller.close();
	}

	@BeforeEach
	void startWaldur() throws Exception {
		this.waldur = new FakeWaldur();
		this.customer = UUID.randomUUID();
		this.cluster = this.waldur.offering(this.customer, "Acme Research", "HPC Cluster", null);
	}

	@AfterEach
	void stopWaldur() {
		this.db.select(MIRROR_SOURCE.UUID)
			.from(MIRROR_SOURCE)
			.fetch(MIRROR_SOURCE.UUID)
			.forEach((uuid) -> this.api.delete("/api/mirror-sources/" + Uuids.hex(uuid) + "/", ADMIN));
		this.waldur.close();
	}

	@Test
	void firstSyncCopiesOfferingsAndStatusesWithTheirUpstreamUuidsWithoutAlertingOnLongDeadAgents() {
		UUID child = this.waldur.offering(this.customer, "Acme Research", "GPU Partition", this.cluster);
		UUID other = this.waldur.offering(UUID.randomUUID(), "Beta Lab", "Cloud", null);
		Instant recent = Instant.now().minusMillis(200).truncatedTo(ChronoUnit.MICROS);
		UUID alive = this.waldur.status(this.cluster, "Order processing", recent);
		UUID dead = this.waldur.status(child, "Usage reporting", Instant.parse("2026-01-01T00:00:00Z"));
		UUID never = this.waldur.status(other, "Event processing", null);
		UUID reports = this.waldur.status(other, "Usage reporting", recent);
		UUID source = source(Map.of("Order processing", "PT1M", "Usage reporting", "PT1M"));

		await(Duration.ofSeconds(10), "first sync", () -> "healthy".equals(state(this.db, source)));
		Map<String, Object> status = this.api
			.get("/api/marketplace-integration-statuses/" + Uuids.hex(alive) + "/", ADMIN)
			.json();
		assertThat(status).containsEntry("status", "Active")
			.containsEntry("agent_type", "Order processing")
			.containsEntry("offering_uuid", Uuids.hex(this.cluster))
			.containsEntry("customer_name", "Acme Research");
		assertThat(Instant.parse((String) status.get("last_request_timestamp"))).isEqualTo(recent);
		assertThat(status(this.db, dead)).isEqualTo(DISCONNECTED);
		assertThat(status(this.db, never)).isEqualTo(UNKNOWN);
		assertThat(status(this.db, reports)).isEqualTo(ACTIVE);
		assertThat(events(this.db, alive)).containsExactly("1>2:check_in");
		assertThat(events(this.db, dead)).isEmpty();
		Map<String, Object> offering = this.api
			.get("/api/marketplace-provider-offerings/" + Uuids.hex(child) + "/", ADMIN)
			.json();
		assertThat(offering).containsEntry("name", "GPU Partition")
			.containsEntry("type", "Marketplace.Slurm")
			.containsEntry("customer_uuid", Uuids.hex(this.customer))
			.containsEntry("parent_uuid", Uuids.hex(this.cluster));
		Map<String, Object> shown = this.api.get("/api/mirror-sources/" + Uuids.hex(source) + "/", ADMIN).json();
		assertThat(shown).containsEntry("state", "healthy")
			.containsEntry("has_token", true)
			.containsEntry("customers", 2)
			.containsEntry("offerings", 3)
			.containsEntry("statuses", 4)
			.doesNotContainKey("token");
		assertThat(shown.get("last_success")).isNotNull();
		// The sweeper never sees the mirrored statuses: no sweep_after.
		assertThat(this.db.fetchCount(INTEGRATION_STATUS, INTEGRATION_STATUS.SWEEP_AFTER.isNotNull())).isZero();
	}

	@Test
	void anAdvancedTimestampIsACheckInAndAQuietUpstreamCostsOneRequestPerPoll() {
		UUID agent = this.waldur.status(this.cluster, "Order processing", Instant.parse("2026-01-01T00:00:00Z"));
		for (int i = 0; i < 5; i++) {
			this.waldur.status(this.waldur.offering(this.customer, "Acme Research", "Other " + i, null),
					"Usage reporting", Instant.now().minusSeconds(i));
		}
		UUID source = source(Map.of("Order processing", "PT1M", "Usage reporting", "PT1M"));
		await(Duration.ofSeconds(10), "first sync", () -> status(this.db, agent) != null);
		assertThat(status(this.db, agent)).isEqualTo(DISCONNECTED);

		Instant seen = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.waldur.request(agent, seen);
		await(Duration.ofSeconds(5), "the check-in", () -> status(this.db, agent) == ACTIVE);
		Map<String, Object> status = this.api
			.get("/api/marketplace-integration-statuses/" + Uuids.hex(agent) + "/", ADMIN)
			.json();
		assertThat(Instant.parse((String) status.get("last_request_timestamp"))).isEqualTo(seen);
		assertThat(events(this.db, agent)).containsExactly("3>2:check_in");

		// Quiet: incremental polls read the first page of the newest statuses and stop.
		await(Duration.ofSeconds(5), "a quiet poll",
				() -> this.waldur.requests.stream().anyMatch((r) -> r.contains("o=-last_request_timestamp")));
		int before = this.waldur.requests.size();
		sleep(1000);
		List<String> quiet = List.copyOf(this.waldur.requests).subList(before, this.waldur.requests.size());
		assertThat(quiet).isNotEmpty()
			.allMatch((r) -> r.contains("o=-last_request_timestamp") && !r.contains("page=")
					|| r.contains("marketplace-provider-offerings") || !r.contains("o="));
		long incremental = quiet.stream().filter((r) -> r.contains("o=-last_request_timestamp")).count();
		assertThat(quiet.stream().filter((r) -> r.contains("o=-last_request_timestamp") && r.contains("page=")))
			.isEmpty();
		assertThat(incremental).isGreaterThanOrEqualTo(2);
	}

	@Test
	void silenceDisconnectsOnlyAfterASuccessfulPollPastTheDeadline() {
		Instant last = Instant.now().truncatedTo(ChronoUnit.MICROS);
		UUID agent = this.waldur.status(this.cluster, "Order processing", last);
		source(Map.of("Order processing", TIMEOUT.toString()));
		await(Duration.ofSeconds(5), "first sync", () -> status(this.db, agent) != null);
		assertThat(status(this.db, agent)).isEqualTo(ACTIVE);
		Instant deadline = last.plus(TIMEOUT);
		while (Instant.now().isBefore(deadline.minusMillis(100))) {
			assertThat(status(this.db, agent)).isEqualTo(ACTIVE);
			sleep(50);
		}
		await(Duration.ofSeconds(3), "the disconnection", () -> status(this.db, agent) == DISCONNECTED);
		assertThat(events(this.db, agent)).containsExactly("1>2:check_in", "2>3:timeout");
	}

	@ParameterizedTest
	@EnumSource(value = FakeWaldur.Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
	void whileTheUpstreamFailsNothingIsDisconnectedAndTheSourceRecovers(FakeWaldur.Fault fault) {
		List<UUID> agents = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			agents.add(this.waldur.status(this.waldur.offering(this.customer, "Acme Research", "Site " + i, null),
					"Order processing", Instant.now()));
		}
		// The agents talk to Waldur all along; while it fails, the mirror cannot see it.
		ScheduledExecutorService talking = Executors.newSingleThreadScheduledExecutor();
		talking.scheduleAtFixedRate(() -> agents.forEach((agent) -> this.waldur.request(agent, Instant.now())), 0, 100,
				TimeUnit.MILLISECONDS);
		try {
			UUID source = source(Map.of("Order processing", TIMEOUT.toString()));
			await(Duration.ofSeconds(5), "first sync", () -> "healthy".equals(state(this.db, source)));
			failAndRecover(fault, source, agents);
		}
		finally {
			talking.shutdownNow();
		}
	}

	private void failAndRecover(FakeWaldur.Fault fault, UUID source, List<UUID> agents) {
		Instant highWater = highWater(source);
		this.waldur.fault = fault;
		sleep(TIMEOUT.multipliedBy(2).toMillis());
		String expected = switch (fault) {
			case SLOW -> "unreachable";
			case UNAUTHORIZED -> "unauthorized";
			default -> "error";
		};
		assertThat(state(this.db, source)).isEqualTo(expected);
		Map<String, Object> shown = this.api.get("/api/mirror-sources/" + Uuids.hex(source) + "/", ADMIN).json();
		assertThat((String) shown.get("last_error")).isNotBlank();
		if (fault == FakeWaldur.Fault.UNAUTHORIZED) {
			assertThat((String) shown.get("last_error")).contains("401").contains("Invalid token.");
		}
		if (fault == FakeWaldur.Fault.SERVER_ERROR_ON_PAGE_2) {
			// The first page of the newest statuses was applied; the pass as a whole was
			// not.
			assertThat(highWater(source)).isEqualTo(highWater);
			assertThat(this.db.fetchCount(INTEGRATION_STATUS,
					INTEGRATION_STATUS.UUID.in(agents).and(INTEGRATION_STATUS.LAST_REQUEST_TIMESTAMP.gt(highWater))))
				.isPositive();
		}
		agents.forEach((agent) -> assertThat(status(this.db, agent)).isEqualTo(ACTIVE));

		this.waldur.fault = FakeWaldur.Fault.NONE;
		await(Duration.ofSeconds(5), "recovery", () -> "healthy".equals(state(this.db, source)));
		for (UUID agent : agents) {
			assertThat(status(this.db, agent)).isEqualTo(ACTIVE);
			assertThat(events(this.db, agent)).containsExactly("1>2:check_in");
		}
	}

	/**
	 * Removing what upstream no longer has and deleting a source share one rule
	 * (directory's MirroredCatalogue): offerings go with their statuses, children let go
	 * of them, and a customer goes with its last offering.
	 */
	@Test
	void anOfferingRemovedUpstreamIsRemovedHere() {
		UUID gone = this.waldur.offering(this.customer, "Acme Research", "Old Cluster", null);
		UUID child = this.waldur.offering(this.customer, "Acme Research", "Old Cluster's partition", gone);
		UUID lonelyCustomer = UUID.randomUUID();
		UUID lonely = this.waldur.offering(lonelyCustomer, "Tiny Lab", "Tiny Cluster", null);
		UUID status = this.waldur.status(gone, "Order processing", Instant.now());
		UUID kept = this.waldur.status(this.cluster, "Order processing", Instant.now());
		source(Map.of());
		await(Duration.ofSeconds(5), "first sync", () -> status(this.db, status) != null);
		assertThat(parentOf(child)).isEqualTo(Uuids.hex(gone));

		this.waldur.removeOffering(gone);
		this.waldur.removeOffering(lonely);
		await(Duration.ofSeconds(10), "the reconcile",
				() -> this.api.get("/api/marketplace-provider-offerings/" + Uuids.hex(gone) + "/", ADMIN)
					.status() == 404);
		assertThat(status(this.db, status)).isNull();
		assertThat(status(this.db, kept)).isEqualTo(ACTIVE);
		assertThat(parentOf(child)).isNull();
		assertThat(this.api.get("/api/customers/" + Uuids.hex(lonelyCustomer) + "/", ADMIN).status()).isEqualTo(404);
		assertThat(this.api.get("/api/customers/" + Uuids.hex(this.customer) + "/", ADMIN).status()).isEqualTo(200);
	}

	private String parentOf(UUID offering) {
		var parent = OFFERING.as("parent");
		UUID uuid = this.db.select(parent.UUID)
			.from(OFFERING)
			.leftJoin(parent)
			.on(parent.ID.eq(OFFERING.PARENT_ID))
			.where(OFFERING.UUID.eq(offering))
			.fetchOne(parent.UUID);
		return (uuid != null) ? Uuids.hex(uuid) : null;
	}

	@Test
	void mirroredObjectsAreReadOnlyHereButRolesOnThemWork() {
		UUID agent = this.waldur.status(this.cluster, "Order processing", Instant.now());
		source(Map.of());
		await(Duration.ofSeconds(5), "first sync", () -> status(this.db, agent) != null);
		String offering = Uuids.hex(this.cluster);

		Response checkIn = this.api.post("/api/marketplace-integration-statuses/check_in/", ADMIN,
				Map.of("offering_uuid", offering, "agent_type", "Order processing"));
		assertThat(checkIn.status()).isEqualTo(409);
		assertThat(checkIn.field("detail")).contains("mirrored");
		Response child = this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "Local", "customer", Uuids.hex(this.customer)));
		assertThat(child.status()).isEqualTo(400);
		assertThat(child.body()).contains("customer").contains("mirrored");
		String local = this.fixtures.customer("Local Org");
		Response underMirrored = this.api.post("/api/marketplace-provider-offerings/", ADMIN,
				Map.of("name", "Local", "customer", local, "parent", offering));
		assertThat(underMirrored.status()).isEqualTo(400);
		assertThat(underMirrored.body()).contains("parent").contains("mirrored");
		assertThat(this.api.patch("/api/marketplace-provider-offerings/" + offering + "/", ADMIN, Map.of("name", "x"))
			.status()).isBetween(400, 499);
		assertThat(this.api.delete("/api/marketplace-provider-offerings/" + offering + "/", ADMIN).status())
			.isBetween(400, 499);

		String user = this.fixtures.user("operator");
		String token = this.fixtures.token(user);
		assertThat(this.api.get("/api/marketplace-integration-statuses/", token).list()).isEmpty();
		this.fixtures.grantOnOffering(offering, user, "OFFERING.MANAGER");
		assertThat(this.api.get("/api/marketplace-integration-statuses/", token).list())
			.extracting((item) -> item.get("offering_uuid"))
			.containsExactly(offering);
		assertThat(status(this.db, agent)).isEqualTo(ACTIVE);
	}

	@Test
	void deletingASourceRemovesWhatWasMirroredFromIt() {
		UUID agent = this.waldur.status(this.cluster, "Order processing", Instant.now());
		UUID source = source(Map.of());
		await(Duration.ofSeconds(5), "first sync", () -> status(this.db, agent) != null);
		assertThat(this.api.delete("/api/mirror-sources/" + Uuids.hex(source) + "/", ADMIN).status()).isEqualTo(204);
		assertThat(status(this.db, agent)).isNull();
		assertThat(this.api.get("/api/marketplace-provider-offerings/" + Uuids.hex(this.cluster) + "/", ADMIN).status())
			.isEqualTo(404);
		assertThat(this.api.get("/api/customers/" + Uuids.hex(this.customer) + "/", ADMIN).status()).isEqualTo(404);
	}

	private UUID source(Map<String, String> timeouts) {
		Response created = this.api.post("/api/mirror-sources/", ADMIN, Map.of("name", "waldur", "url",
				this.waldur.api(), "token", FakeWaldur.TOKEN, "poll_interval", "PT0.2S", "timeouts", timeouts));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return Uuids.parse(created.field("uuid")).orElseThrow();
	}

	private Instant highWater(UUID source) {
		return this.db.select(MIRROR_SOURCE.HIGH_WATER)
			.from(MIRROR_SOURCE)
			.where(MIRROR_SOURCE.UUID.eq(source))
			.fetchOne(MIRROR_SOURCE.HIGH_WATER);
	}

}
