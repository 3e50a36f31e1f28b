package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.mirror.MirrorTestSupport.await;
import static org.vigil.mirror.MirrorTestSupport.events;
import static org.vigil.mirror.MirrorTestSupport.sleep;
import static org.vigil.mirror.MirrorTestSupport.state;
import static org.vigil.mirror.MirrorTestSupport.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.Fixtures;
import org.vigil.support.Instance;
import org.vigil.support.TcpProxy;
import org.vigil.web.Uuids;

/**
 * A Vigil mirroring another Vigil (on a database of its own) through the API both serve,
 * with a proxy in between to take the upstream away and give it back.
 */
class VigilMirrorsVigilTest extends ApiTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@Test
	void aVigilMirrorsAnotherVigil() throws Exception {
		try (Instance upstream = Instance
			.start(Map.of("spring.datasource.url", "jdbc:h2:mem:upstream-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
				TcpProxy proxy = new TcpProxy("127.0.0.1", upstream.port());
				Instance poller = MirrorTestSupport.poller()) {
			Api up = upstream.api();
			Fixtures upFixtures = new Fixtures(up, ADMIN);
			String offering = upFixtures.offering(upFixtures.customer("Upstream Org"), "Upstream Cluster");
			UUID status = Uuids.parse(checkIn(up, offering).field("uuid")).orElseThrow();

			Response created = this.api.post("/api/mirror-sources/", ADMIN,
					Map.of("name", "upstream-vigil", "url", "http://127.0.0.1:" + proxy.port() + "/api/", "token",
							ADMIN, "poll_interval", "PT0.2S", "timeouts", Map.of("Order processing", "PT2S")));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			UUID source = Uuids.parse(created.field("uuid")).orElseThrow();

			// First sync: the status, its offering and customer, with their upstream
			// UUIDs.
			await(Duration.ofSeconds(5), "first sync", () -> status(this.db, status) != null);
			assertThat(status(this.db, status)).isEqualTo((short) 2);
			assertThat(this.api.get("/api/marketplace-provider-offerings/" + offering + "/", ADMIN).field("name"))
				.isEqualTo("Upstream Cluster");

			// An upstream check-in is seen within a poll or two.
			String stamped = checkIn(up, offering).field("last_request_timestamp");
			await(Duration.ofSeconds(2), "the upstream check-in", () -> stamped.equals(localTimestamp(status)));

			// Silence: Disconnected once the deadline passed and a poll looked. Not
			// learned yet, the deadline is the 2 s timeout or three times the one
			// interval
			// seen, whichever is longer.
			Instant deadline = Instant
				.parse(this.api.get("/api/marketplace-integration-statuses/" + Uuids.hex(status) + "/", ADMIN)
					.field("deadline"));
			assertThat(deadline).isAfterOrEqualTo(Instant.parse(stamped).plus(TIMEOUT));
			await(Duration.between(Instant.now(), deadline).plusSeconds(5), "the disconnection",
					() -> status(this.db, status) == 3);
			assertThat(Instant.now()).isAfter(deadline);
			assertThat(events(this.db, status)).containsExactly("1>2:check_in", "2>3:timeout");

			// Back, then the upstream goes away while its agent goes on checking in.
			checkIn(up, offering);
			await(Duration.ofSeconds(2), "the recovery", () -> status(this.db, status) == 2);
			proxy.cut();
			await(Duration.ofSeconds(3), "unreachable", () -> "unreachable".equals(state(this.db, source)));
			Instant end = Instant.now().plus(TIMEOUT.plusSeconds(1));
			while (Instant.now().isBefore(end)) {
				checkIn(up, offering);
				sleep(200);
			}
			assertThat(status(this.db, status)).isEqualTo((short) 2);

			proxy.restore();
			await(Duration.ofSeconds(3), "healthy again", () -> "healthy".equals(state(this.db, source)));
			assertThat(status(this.db, status)).isEqualTo((short) 2);
			assertThat(events(this.db, status)).containsExactly("1>2:check_in", "2>3:timeout", "3>2:check_in");
		}
	}

	private Response checkIn(Api api, String offering) {
		Response response = api.post("/api/marketplace-integration-statuses/check_in/", ADMIN,
				Map.of("offering_uuid", offering, "agent_type", "Order processing"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response;
	}

	private String localTimestamp(UUID status) {
		return this.api.get("/api/marketplace-integration-statuses/" + Uuids.hex(status) + "/", ADMIN)
			.field("last_request_timestamp");
	}

}
