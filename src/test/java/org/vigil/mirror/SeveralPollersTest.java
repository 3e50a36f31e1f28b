package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.MIRROR_SOURCE;
import static org.vigil.mirror.MirrorTestSupport.await;
import static org.vigil.mirror.MirrorTestSupport.events;
import static org.vigil.mirror.MirrorTestSupport.sleep;
import static org.vigil.mirror.MirrorTestSupport.status;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.Instance;
import org.vigil.web.Uuids;

/**
 * Two instances mirroring one source: one polls at a time (the lease), each change is one
 * event, and the other takes over when the poller stops. The mirror's one test on the
 * wall clock: two real poll loops, each in an instance of its own, race for the lease as
 * they do in production; the other mirror tests drive one poller on the test clock.
 */
class SeveralPollersTest extends ApiTest {

	@Test
	void onTheWallClockOnePollerAtATimeExactlyOnceEventsAndTakeover() throws Exception {
		try (FakeWaldur waldur = new FakeWaldur();
				Instance first = MirrorTestSupport.poller();
				Instance second = MirrorTestSupport.poller()) {
			UUID offering = waldur.offering(UUID.randomUUID(), "Acme", "Cluster", null);
			UUID agent = waldur.status(offering, "Order processing", Instant.now());
			// The agent talks until the first sync saw it.
			ScheduledExecutorService talking = Executors.newSingleThreadScheduledExecutor();
			talking.scheduleAtFixedRate(() -> waldur.request(agent, Instant.now()), 0, 100, TimeUnit.MILLISECONDS);
			Response created = this.api.post("/api/mirror-sources/", ADMIN,
					Map.of("name", "shared", "url", waldur.api(), "token", FakeWaldur.TOKEN, "poll_interval", "PT0.1S",
							"timeouts", Map.of("Order processing", "PT1S")));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			await(Duration.ofSeconds(5), "first sync", () -> status(this.db, agent) != null);
			talking.shutdownNow();

			// One holder all along, while both instances tick every 50 ms.
			Set<String> holders = new HashSet<>();
			for (int i = 0; i < 20; i++) {
				holders.add(holder());
				sleep(50);
			}
			assertThat(holders).hasSize(1);
			String holder = holders.iterator().next();
			Instance polling = holder.equals(first.bean(MirrorPoller.class).holder()) ? first : second;
			Instance other = (polling == first) ? second : first;

			// Silence, a check-in, silence: one event per change.
			await(Duration.ofSeconds(5), "the disconnection", () -> status(this.db, agent) == 3);
			waldur.request(agent, Instant.now());
			await(Duration.ofSeconds(3), "the check-in", () -> status(this.db, agent) == 2);
			assertThat(events(this.db, agent)).containsExactly("1>2:check_in", "2>3:timeout", "3>2:check_in");

			// The poller stops: the other instance takes over and sees the next change.
			polling.close();
			String next = other.bean(MirrorPoller.class).holder();
			await(Duration.ofSeconds(5), "the takeover", () -> next.equals(holder()));
			await(Duration.ofSeconds(5), "the disconnection", () -> status(this.db, agent) == 3);
			waldur.request(agent, Instant.now());
			await(Duration.ofSeconds(3), "the check-in", () -> status(this.db, agent) == 2);
			assertThat(events(this.db, agent)).containsExactly("1>2:check_in", "2>3:timeout", "3>2:check_in",
					"2>3:timeout", "3>2:check_in");
			this.api.delete("/api/mirror-sources/" + created.field("uuid") + "/", ADMIN);
		}
	}

	private String holder() {
		return this.db.select(MIRROR_SOURCE.LEASE_HOLDER).from(MIRROR_SOURCE).fetchOne(MIRROR_SOURCE.LEASE_HOLDER);
	}

}
