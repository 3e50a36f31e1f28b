package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.mirror.MirrorTestSupport.events;
import static org.vigil.mirror.MirrorTestSupport.state;
import static org.vigil.mirror.MirrorTestSupport.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The mirror against a fake Waldur that answers as Waldur's serializers do: the first
 * sync, check-ins seen upstream, silence believed only after a successful look, every
 * kind of upstream failure, and objects removed upstream. The test drives the mirror: it
 * moves the application's clock on by a poll interval and has this instance's poller do a
 * round (its loop is off in tests), so nothing here waits for time to pass.
 * {@link SeveralPollersTest} watches real pollers on the wall clock.
 */
class MirrorTest extends ApiTest {

	private static final short UNKNOWN = 1;

	private static final short ACTIVE = 2;

	private static final short DISCONNECTED = 3;

	/** The Order processing timeout these tests give a source. */
	private static final Duration TIMEOUT = Duration.ofMillis(1500);

	/** The poll interval these tests give a source. */
	private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

	@Autowired
	private MirrorPoller poller;

	private FakeWaldur waldur;

	private UUID customer;

	private UUID cluster;

	@BeforeEach
	void startWaldur() throws Exception {
		this.clock.freeze();
		this.waldur = new FakeWaldur();
		this.customer = UUID.randomUUID();
		this.cluster = this.waldur.offering(this.customer, "Acme Research", "HPC Cluster", null);
	}

	@AfterEach
	void stopWaldur() {
		MirrorTestSupport.removeSources(this.db, this.api, ADMIN);
		this.waldur.close();
	}

	@Test
	void firstSyncCopiesOfferingsAndStatusesWithTheirUpstreamUuidsWithoutAlertingOnLongDeadAgents() {
		UUID child = this.waldur.offering(this.customer, "Acme Research", "GPU Partition", this.cluster);
		UUID other = this.waldur.offering(UUID.randomUUID(), "Beta Lab", "Cloud", null);
		Instant recent = this.clock.instant().minusMillis(200);
		UUID alive = this.waldur.status(this.cluster, "Order processing", recent);
		UUID dead = this.waldur.status(child, "Usage reporting", Instant.parse("2026-01-01T00:00:00Z"));
		UUID never = this.waldur.status(other, "Event processing", null);
		UUID reports = this.waldur.status(other, "Usage reporting", recent);
		UUID source = source(Map.of("Order processing", "PT1M", "Usage reporting", "PT1M"));

		poll();
		assertThat(state(this.db, source)).isEqualTo("healthy");
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
					"Usage reporting", this.clock.instant().minusSeconds(i));
		}
		source(Map.of("Order processing", "PT1M", "Usage reporting", "PT1M"));
		poll();
		assertThat(status(this.db, agent)).isEqualTo(DISCONNECTED);

		Instant seen = this.clock.instant();
		this.waldur.request(agent, seen);
		poll();
		assertThat(status(this.db, agent)).isEqualTo(ACTIVE);
		Map<String, Object> status = this.api
			.get("/api/marketplace-integration-statuses/" + Uuids.hex(agent) + "/", ADMIN)
			.json();
		assertThat(Instant.parse((String) status.get("last_request_timestamp"))).isEqualTo(seen);
		assertThat(events(this.db, agent)).containsExactly("3>2:check_in");

		// Quiet: each incremental poll reads the first page of the newest statuses and
		// stops.
		int before = this.waldur.requests.size();
		for (int i = 0; i < 3; i++) {
			poll();
		}
		List<String> quiet = List.copyOf(this.waldur.requests).subList(before, this.waldur.requests.size());
		assertThat(quiet).hasSize(3).allMatch((r) -> r.contains("o=-last_request_timestamp") && !r.contains("page="));
	}

	@Test
	void silenceDisconnectsOnlyAfterASuccessfulPollPastTheDeadline() {
		Instant last = this.clock.instant();
		UUID agent = this.waldur.status(this.cluster, "Order processing", last);
		source(Map.of("Order processing", TIMEOUT.toString()));
		Instant deadline = last.plus(TIMEOUT);
		// Polls every 200 ms up to the deadline see the agent Active.
		while (this.clock.instant().plus(POLL_INTERVAL).isBefore(deadline)) {
			poll();
			assertThat(status(this.db, agent)).as("at " + this.clock.instant()).isEqualTo(ACTIVE);
		}
		// The first poll past the deadline disconnects it.
		this.clock.advance(Duration.between(this.clock.instant(), deadline));
		poll();
		assertThat(status(this.db, agent)).isEqualTo(DISCONNECTED);
		assertThat(events(this.db, agent)).containsExactly("1>2:check_in", "2>3:timeout");
	}

	@ParameterizedTest
	@EnumSource(value = FakeWaldur.Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
	void whileTheUpstreamFailsNothingIsDisconnectedAndTheSourceRecovers(FakeWaldur.Fault fault) {
		List<UUID> agents = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			agents.add(this.waldur.status(this.waldur.offering(this.customer, "Acme Research", "Site " + i, null),
					"Order processing", this.clock.instant()));
		}
		UUID source = source(Map.of("Order processing", TIMEOUT.toString()));
		poll();
		assertThat(state(this.db, source)).isEqualTo("healthy");
		Instant highWater = highWater(source);

		// The agents talk to Waldur all along; while it fails, for twice their timeout,
		// the mirror cannot see it.
		this.waldur.fault = fault;
		Instant failingUntil = this.clock.instant().plus(TIMEOUT.multipliedBy(2));
		while (this.clock.instant().isBefore(failingUntil)) {
			talk(agents);
			poll(TIMEOUT);
		}
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
		talk(agents);
		poll();
		assertThat(state(this.db, source)).isEqualTo("healthy");
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
		UUID status = this.waldur.status(gone, "Order processing", this.clock.instant());
		UUID kept = this.waldur.status(this.cluster, "Order processing", this.clock.instant());
		source(Map.of());
		poll();
		assertThat(status(this.db, status)).isNotNull();
		assertThat(parentOf(child)).isEqualTo(Uuids.hex(gone));

		// Incremental polls do not look for what is gone; the reconcile, at the latest
		// every tenth poll (vigil.mirror.reconcile-every), does.
		this.waldur.removeOffering(gone);
		this.waldur.removeOffering(lonely);
		for (int i = 0; i < 10; i++) {
			poll();
		}
		assertThat(this.api.get("/api/marketplace-provider-offerings/" + Uuids.hex(gone) + "/", ADMIN).status())
			.isEqualTo(404);
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
		UUID agent = this.waldur.status(this.cluster, "Order processing", this.clock.instant());
		source(Map.of());
		poll();
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
		UUID agent = this.waldur.status(this.cluster, "Order processing", this.clock.instant());
		UUID source = source(Map.of());
		poll();
		assertThat(status(this.db, agent)).isEqualTo(ACTIVE);
		assertThat(this.api.delete("/api/mirror-sources/" + Uuids.hex(source) + "/", ADMIN).status()).isEqualTo(204);
		assertThat(status(this.db, agent)).isNull();
		assertThat(this.api.get("/api/marketplace-provider-offerings/" + Uuids.hex(this.cluster) + "/", ADMIN).status())
			.isEqualTo(404);
		assertThat(this.api.get("/api/customers/" + Uuids.hex(this.customer) + "/", ADMIN).status()).isEqualTo(404);
	}

	/**
	 * A poll interval later, a round of this instance's poller: the sources due are
	 * polled.
	 */
	private void poll() {
		poll(POLL_INTERVAL);
	}

	private void poll(Duration later) {
		this.clock.advance(later);
		this.poller.round();
	}

	private void talk(List<UUID> agents) {
		agents.forEach((agent) -> this.waldur.request(agent, this.clock.instant()));
	}

	private UUID source(Map<String, String> timeouts) {
		Response created = this.api.post("/api/mirror-sources/", ADMIN,
				Map.of("name", "waldur", "url", this.waldur.api(), "token", FakeWaldur.TOKEN, "poll_interval",
						POLL_INTERVAL.toString(), "timeouts", timeouts));
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
