package org.vigil.alerts.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.val;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.db.Tables.NOTIFICATION_CHANNEL;
import static org.vigil.db.Tables.OFFERING;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.Condition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.status.AgentType;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

/**
 * Which channels hear of what has one home, {@link ChannelCoverage}, for a status's
 * changes (the planner) and a mirror source's health ({@link SourceAlerts}): enabled
 * channels only, and a channel narrowed to offerings hears only of those, whether the
 * news is of a status or of the source that feeds them.
 */
class ChannelCoverageTest extends ApiTest {

	private final String tag = UUID.randomUUID().toString().substring(0, 8);

	private String acme;

	private String hpc;

	private String storage;

	@BeforeEach
	void acmeWithTwoOfferingsFromTwoSources() {
		this.acme = this.fixtures.customer("Acme " + this.tag);
		this.hpc = this.fixtures.offering(this.acme, "HPC");
		this.storage = this.fixtures.offering(this.acme, "Storage");
		source("hpc-" + this.tag, this.hpc);
		source("storage-" + this.tag, this.storage);
		channel("everything", Map.of());
		channel("hpc only", Map.of("offering_uuids", List.of(this.hpc)));
		channel("disabled", Map.of("enabled", false));
		channel("acme's", Map.of("customer", this.acme));
		channel("acme's usage reporting", Map.of("customer", this.acme, "agent_types", List.of("Usage reporting")));
	}

	@Test
	void aStatusIsHeardOfByTheEnabledChannelsOfItsCustomerOfferingAndAgentType() {
		assertThat(covered(status(this.hpc, AgentType.ORDER_PROCESSING))).containsExactlyInAnyOrder("everything",
				"hpc only", "acme's");
		assertThat(covered(status(this.storage, AgentType.USAGE_REPORTING))).containsExactlyInAnyOrder("everything",
				"acme's", "acme's usage reporting");
	}

	@Test
	void aSourceIsHeardOfByTheEnabledGlobalChannelsOfTheOfferingsItFeeds() {
		assertThat(covered(ChannelCoverage.coversSource(sourceId("hpc-" + this.tag))))
			.containsExactlyInAnyOrder("everything", "hpc only");
		assertThat(covered(ChannelCoverage.coversSource(sourceId("storage-" + this.tag))))
			.containsExactlyInAnyOrder("everything");
	}

	private Condition status(String offeringUuid, AgentType type) {
		long offering = this.db.select(OFFERING.ID)
			.from(OFFERING)
			.where(OFFERING.UUID.eq(Uuids.parse(offeringUuid).orElseThrow()))
			.fetchSingle()
			.value1();
		long customer = this.db.select(CUSTOMER.ID)
			.from(CUSTOMER)
			.where(CUSTOMER.UUID.eq(Uuids.parse(this.acme).orElseThrow()))
			.fetchSingle()
			.value1();
		return ChannelCoverage.coversStatus(val(customer), val(offering), val(type.code()));
	}

	/** Of this test's channels, the names of those the condition selects. */
	private List<String> covered(Condition condition) {
		return this.db.select(NOTIFICATION_CHANNEL.NAME)
			.from(NOTIFICATION_CHANNEL)
			.where(condition)
			.and(NOTIFICATION_CHANNEL.NAME.endsWith(" " + this.tag))
			.fetch(NOTIFICATION_CHANNEL.NAME)
			.stream()
			.map((name) -> name.substring(0, name.length() - this.tag.length() - 1))
			.toList();
	}

	private void channel(String name, Map<String, Object> settings) {
		Map<String, Object> body = new HashMap<>(settings);
		body.put("name", name + " " + this.tag);
		body.put("kind", "webhook");
		body.put("url", AlertPlannerTest.PUBLIC_HOOK);
		assertThat(this.api.post("/api/notification-channels/", ADMIN, body).status()).isEqualTo(201);
	}

	/** A mirror source that feeds the offering. */
	private void source(String name, String offeringUuid) {
		long id = this.db
			.insertInto(MIRROR_SOURCE, MIRROR_SOURCE.UUID, MIRROR_SOURCE.NAME, MIRROR_SOURCE.URL, MIRROR_SOURCE.TOKEN,
					MIRROR_SOURCE.POLL_INTERVAL_MS, MIRROR_SOURCE.TIMEOUTS, MIRROR_SOURCE.STATE,
					MIRROR_SOURCE.POLLS_SINCE_RECONCILE, MIRROR_SOURCE.CREATED)
			.values(UUID.randomUUID(), name, "https://waldur.example.org/api/", "token", 60_000L, "", "healthy", 0,
					Instant.now())
			.returningResult(MIRROR_SOURCE.ID)
			.fetchSingle()
			.value1();
		this.db.update(OFFERING)
			.set(OFFERING.SOURCE_ID, id)
			.where(OFFERING.UUID.eq(Uuids.parse(offeringUuid).orElseThrow()))
			.execute();
	}

	private long sourceId(String name) {
		return this.db.select(MIRROR_SOURCE.ID)
			.from(MIRROR_SOURCE)
			.where(MIRROR_SOURCE.NAME.eq(name))
			.fetchSingle()
			.value1();
	}

}
