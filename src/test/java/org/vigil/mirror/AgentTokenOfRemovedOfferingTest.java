package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.OFFERING;
import static org.vigil.mirror.MirrorTestSupport.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.support.AgentTokens;
import org.vigil.support.Api;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.Fixtures;
import org.vigil.support.Instance;
import org.vigil.web.Uuids;

/**
 * An agent token stays an agent token when the mirror removes its offerings: refused
 * (401) on every path once they are all gone, never a key to what its user (here the
 * admin) may do. Agent tokens for mirrored offerings can no longer be created, so the
 * tokens of these tests are written as the migration that stored token kinds left those
 * created before.
 */
class AgentTokenOfRemovedOfferingTest extends ApiTest {

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	private static Instance poller;

	@BeforeAll
	static void startPoller() {
		poller = MirrorTestSupport.poller();
	}

	@AfterAll
	static void stopPoller() {
		poller.close();
	}

	@AfterEach
	void removeSources() {
		MirrorTestSupport.removeSources(this.db, this.api, ADMIN);
	}

	@Test
	void anAgentTokenWhoseOfferingAVigilReconcileRemovedIsGoodForNothing() {
		try (Instance upstream = Instance.start(
				Map.of("spring.datasource.url", "jdbc:h2:mem:upstream-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"))) {
			Api up = upstream.api();
			Fixtures upFixtures = new Fixtures(up, ADMIN);
			String upCustomer = upFixtures.customer("Upstream Org");
			String gone = upFixtures.offering(upCustomer, "Gone Cluster");
			String kept = upFixtures.offering(upCustomer, "Kept Cluster");
			// The mirror reads with the key of a user who manages both offerings
			// upstream.
			String reader = upFixtures.user("mirror-reader");
			String readerKey = upFixtures.token(reader);
			upFixtures.grantOnOffering(gone, reader, "OFFERING.MANAGER");
			upFixtures.grantOnOffering(kept, reader, "OFFERING.MANAGER");

			Response source = this.api.post("/api/mirror-sources/", ADMIN, Map.of("name", "upstream-vigil", "url",
					"http://127.0.0.1:" + upstream.port() + "/api/", "token", readerKey, "poll_interval", "PT0.2S"));
			assertThat(source.status()).as(source.body()).isEqualTo(201);
			await(Duration.ofSeconds(10), "first sync", () -> exists(gone) && exists(kept));

			// Made here today, such a token is refused: the offering is mirrored.
			String admin = this.api.get("/api/users/me/", ADMIN).field("uuid");
			Response refused = this.api.post("/api/users/" + admin + "/tokens/", ADMIN,
					Map.of("offering_uuids", List.of(gone)));
			assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			assertThat(refused.json()).containsOnlyKeys("offering_uuids");
			assertThat(refused.body()).contains("mirrored");

			String onlyGone = AgentTokens.existingAgentToken(this.db, gone);
			String both = AgentTokens.existingAgentToken(this.db, gone, kept);
			assertThat(this.api.get("/api/users/", onlyGone).status()).isEqualTo(403);
			assertThat(checkIn(this.api, onlyGone, gone).status()).isEqualTo(409);

			// Upstream the reader loses its role on one offering; the next reconcile
			// removes it here, its token_offering rows with it.
			assertThat(up
				.post("/api/marketplace-provider-offerings/" + gone + "/delete_user/", ADMIN,
						Map.of("user", reader, "role", "OFFERING.MANAGER"))
				.status()).isEqualTo(204);
			await(Duration.ofSeconds(10), "the reconcile", () -> {
				AgentTokens.assertNotAdmitted(this.api, onlyGone);
				return !exists(gone);
			});
			assertThat(exists(kept)).isTrue();

			// This instance heard of the removal from the shared auth epoch (the poller
			// made it); the poller itself at once.
			await(Duration.ofSeconds(5), "the auth epoch", () -> {
				AgentTokens.assertNotAdmitted(this.api, onlyGone);
				return this.api.get("/api/users/me/", onlyGone).status() == 401;
			});
			AgentTokens.assertInvalidEverywhere(this.api, onlyGone, gone);
			AgentTokens.assertInvalidEverywhere(poller.api(), onlyGone, gone);

			// A token with an offering left stays what it was: an agent token for it.
			for (Api api : List.of(this.api, poller.api())) {
				assertThat(api.get("/api/users/", both).status()).isEqualTo(403);
				assertThat(api.post("/api/customers/", both, Map.of("name", "Taken Over")).status()).isEqualTo(403);
				assertThat(checkIn(api, both, kept).status()).isEqualTo(409);
				assertThat(checkIn(api, both, gone).status()).isEqualTo(404);
			}
		}
	}

	@Test
	void anAgentTokenWhoseSourceWasDeletedIsGoodForNothing() throws Exception {
		try (FakeWaldur waldur = new FakeWaldur()) {
			UUID offering = waldur.offering(UUID.randomUUID(), "Acme Research", "HPC Cluster", null);
			Response source = this.api.post("/api/mirror-sources/", ADMIN, Map.of("name", "waldur", "url", waldur.api(),
					"token", FakeWaldur.TOKEN, "poll_interval", "PT0.2S"));
			assertThat(source.status()).as(source.body()).isEqualTo(201);
			String hex = Uuids.hex(offering);
			await(Duration.ofSeconds(10), "first sync", () -> exists(hex));
			String key = AgentTokens.existingAgentToken(this.db, hex);
			assertThat(this.api.get("/api/users/", key).status()).isEqualTo(403);

			assertThat(this.api.delete("/api/mirror-sources/" + source.field("uuid") + "/", ADMIN).status())
				.isEqualTo(204);
			assertThat(exists(hex)).isFalse();
			AgentTokens.assertInvalidEverywhere(this.api, key, hex);
		}
	}

	private boolean exists(String offering) {
		return this.db.fetchExists(OFFERING, OFFERING.UUID.eq(Uuids.parse(offering).orElseThrow()));
	}

	private static Response checkIn(Api api, String key, String offering) {
		return api.post(CHECK_IN, key, Map.of("offering_uuid", offering, "agent_type", "Order processing"));
	}

}
