package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.db.Tables.SITE_AGENT;
import static org.vigil.db.Tables.SITE_AGENT_PROCESSOR;
import static org.vigil.db.Tables.SITE_AGENT_SERVICE;
import static org.vigil.mirror.MirrorTestSupport.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * The mirror reads the site agents' registry of a Waldur that serves it (SPEC 17) at each
 * reconcile and every registry-interval between: identities of mirrored offerings with
 * their services and processors, kept under their upstream UUIDs and updated in place;
 * what upstream no longer has is removed; a Waldur without the registry, or a token that
 * may not read it, leaves the source healthy. The test drives the poller on the test
 * clock, as MirrorTest does.
 */
class RegistryMirrorTest extends ApiTest {

	/**
	 * The reconcile interval of the mirror's settings: a poll this much later reconciles.
	 */
	private static final Duration RECONCILE = Duration.ofMinutes(10);

	@Autowired
	private MirrorPoller poller;

	private FakeWaldur waldur;

	private UUID cluster;

	@BeforeEach
	void startWaldur() throws Exception {
		this.clock.freeze();
		this.waldur = new FakeWaldur();
		this.cluster = this.waldur.offering(UUID.randomUUID(), "Acme Research", "HPC Cluster", null);
	}

	@AfterEach
	void stopWaldur() {
		MirrorTestSupport.removeSources(this.db, this.api, ADMIN);
		this.waldur.close();
	}

	@Test
	void theRegistryOfMirroredOfferingsIsKeptWithItsServicesAndProcessorsAndFollowsUpstream() {
		FakeWaldur.Registry registry = this.waldur.serveRegistry();
		UUID agent = registry.identity(this.cluster, "1.0.6rc17");
		UUID orders = registry.service(agent, "orders", "order_process", "Active");
		UUID reports = registry.service(agent, "reports", "report", "Idle");
		Instant ran = Instant.parse("2026-08-21T09:55:00.123456Z");
		UUID processor = registry.processor(orders, "OfferingOrderProcessor", ran);
		registry.processor(reports, "OfferingReportProcessor", null);
		UUID elsewhere = registry.identity(UUID.randomUUID(), "1.0.5");
		UUID source = source();

		poll(Duration.ofMillis(200));
		assertThat(state(this.db, source)).isEqualTo("healthy");
		var row = this.db.selectFrom(SITE_AGENT).where(SITE_AGENT.UUID.eq(agent)).fetchSingle();
		assertThat(row.getVersion()).isEqualTo("1.0.6rc17");
		assertThat(row.getName()).isEqualTo("agent-" + Uuids.hex(this.cluster));
		assertThat(row.getLastRestarted()).isEqualTo(Instant.parse("2026-08-21T09:00:00Z"));
		assertThat(row.getOfferingId()).isEqualTo(offeringId(this.cluster));
		assertThat(this.db.fetchCount(SITE_AGENT, SITE_AGENT.UUID.eq(elsewhere))).as("an offering not mirrored")
			.isZero();
		assertThat(services(agent)).containsExactlyInAnyOrder("orders order_process Active", "reports report Idle");
		assertThat(this.db.selectFrom(SITE_AGENT_PROCESSOR)
			.where(SITE_AGENT_PROCESSOR.UUID.eq(processor))
			.fetchSingle()
			.getLastRun()).isEqualTo(ran);
		assertThat(this.db.fetchCount(SITE_AGENT_PROCESSOR, SITE_AGENT_PROCESSOR.LAST_RUN.isNull())).isEqualTo(1);

		// Upstream moves on: a new version, the report service gone, a new last run.
		Map<String, Object> identity = item(registry.identities, agent);
		identity.put("version", "1.0.6");
		registry.services.remove(item(registry.services, reports));
		registry.processors.removeIf((p) -> ((Map<?, ?>) p).get("service").equals(Uuids.hex(reports)));
		Instant later = Instant.parse("2026-08-21T10:05:00Z");
		item(registry.processors, processor).put("last_run", later.toString());
		poll(RECONCILE);
		var updated = this.db.selectFrom(SITE_AGENT).where(SITE_AGENT.UUID.eq(agent)).fetchSingle();
		assertThat(updated.getId()).as("kept in place").isEqualTo(row.getId());
		assertThat(updated.getVersion()).isEqualTo("1.0.6");
		assertThat(services(agent)).containsExactly("orders order_process Active");
		assertThat(this.db.selectFrom(SITE_AGENT_PROCESSOR)
			.where(SITE_AGENT_PROCESSOR.UUID.eq(processor))
			.fetchSingle()
			.getLastRun()).isEqualTo(later);
		assertThat(this.db.fetchCount(SITE_AGENT_PROCESSOR)).isEqualTo(1);

		// The agent is gone upstream, then its offering: nothing of it is left.
		registry.identities.clear();
		poll(RECONCILE);
		assertThat(this.db.fetchCount(SITE_AGENT)).isZero();
		assertThat(this.db.fetchCount(SITE_AGENT_SERVICE)).isZero();
		assertThat(this.db.fetchCount(SITE_AGENT_PROCESSOR)).isZero();
	}

	/**
	 * Between reconciles (every 10 minutes here) the registry is read after an
	 * incremental poll once five minutes have passed, not at every poll.
	 */
	@Test
	void betweenReconcilesTheRegistryIsReadEveryRegistryInterval() {
		FakeWaldur.Registry registry = this.waldur.serveRegistry();
		UUID agent = registry.identity(this.cluster, "1.0.5");
		// A status with a time: without one, every poll reconciles.
		this.waldur.status(this.cluster, "Order processing", this.clock.instant());
		source();
		poll(Duration.ofMillis(200));
		item(registry.identities, agent).put("version", "1.0.6");

		int before = this.waldur.requests.size();
		poll(Duration.ofMillis(200));
		assertThat(this.waldur.requests.subList(before, this.waldur.requests.size()))
			.noneMatch((r) -> r.startsWith("/api/marketplace-site-agent-"));
		assertThat(version(agent)).isEqualTo("1.0.5");

		poll(Duration.ofMinutes(5));
		assertThat(version(agent)).isEqualTo("1.0.6");
	}

	@Test
	void anOfferingRemovedUpstreamTakesItsAgentWithIt() {
		FakeWaldur.Registry registry = this.waldur.serveRegistry();
		UUID agent = registry.identity(this.cluster, "1.0.5");
		registry.processor(registry.service(agent, "orders", "order_process", "Active"), "OfferingOrderProcessor",
				Instant.parse("2026-08-21T09:55:00Z"));
		source();
		poll(Duration.ofMillis(200));
		assertThat(this.db.fetchCount(SITE_AGENT_PROCESSOR)).isEqualTo(1);

		this.waldur.removeOffering(this.cluster);
		poll(RECONCILE);
		assertThat(this.db.fetchCount(SITE_AGENT)).isZero();
		assertThat(this.db.fetchCount(SITE_AGENT_PROCESSOR)).isZero();
	}

	@Test
	void aWaldurWithoutTheRegistryOrATokenThatMayNotReadItLeavesTheSourceHealthy() {
		UUID source = source();
		poll(Duration.ofMillis(200));
		assertThat(state(this.db, source)).isEqualTo("healthy");
		assertThat(this.waldur.requests).anyMatch((r) -> r.startsWith("/api/marketplace-site-agent-identities/"));

		FakeWaldur.Registry registry = this.waldur.serveRegistry();
		registry.identity(this.cluster, "1.0.5");
		this.waldur.registryForbidden = true;
		poll(RECONCILE);
		assertThat(state(this.db, source)).isEqualTo("healthy");
		assertThat(this.db.fetchCount(SITE_AGENT)).isZero();

		this.waldur.registryForbidden = false;
		poll(RECONCILE);
		assertThat(this.db.fetchCount(SITE_AGENT)).isEqualTo(1);
	}

	private UUID source() {
		Response created = this.api.post("/api/mirror-sources/", ADMIN, Map.of("name", "waldur", "url",
				this.waldur.api(), "token", FakeWaldur.TOKEN, "poll_interval", "PT0.2S", "timeouts", Map.of()));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return Uuids.parse(created.field("uuid")).orElseThrow();
	}

	private void poll(Duration later) {
		this.clock.advance(later);
		this.poller.round();
	}

	private String version(UUID agent) {
		return this.db.select(SITE_AGENT.VERSION)
			.from(SITE_AGENT)
			.where(SITE_AGENT.UUID.eq(agent))
			.fetchSingle()
			.value1();
	}

	private long offeringId(UUID offering) {
		return this.db.select(OFFERING.ID).from(OFFERING).where(OFFERING.UUID.eq(offering)).fetchSingle().value1();
	}

	/** The agent's services as "name mode state". */
	private List<String> services(UUID agent) {
		return this.db.select(SITE_AGENT_SERVICE.NAME, SITE_AGENT_SERVICE.MODE, SITE_AGENT_SERVICE.STATE)
			.from(SITE_AGENT_SERVICE)
			.join(SITE_AGENT)
			.on(SITE_AGENT.ID.eq(SITE_AGENT_SERVICE.SITE_AGENT_ID))
			.where(SITE_AGENT.UUID.eq(agent))
			.fetch((r) -> r.value1() + " " + r.value2() + " " + r.value3());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> item(List<Object> items, UUID uuid) {
		return items.stream()
			.map((i) -> (Map<String, Object>) i)
			.filter((i) -> Uuids.hex(uuid).equals(i.get("uuid")))
			.findFirst()
			.orElseThrow();
	}

}
