package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.mirror.MirrorTestSupport.await;
import static org.vigil.mirror.MirrorTestSupport.events;
import static org.vigil.mirror.MirrorTestSupport.sleep;
import static org.vigil.mirror.MirrorTestSupport.state;
import static org.vigil.mirror.MirrorTestSupport.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.Receiver;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.Instance;
import org.vigil.web.Uuids;

/**
 * A source that stops answering is told to staff once, through a global channel, and its
 * return once more; failing in another way meanwhile, or failing poll after poll, tells
 * nothing new. Its history is kept and shown; no agent is disconnected meanwhile.
 */
class SourceHealthAlertTest extends ApiTest {

	private static final Duration TIMEOUT = Duration.ofMillis(1500);

	private FakeWaldur waldur;

	private Receiver staffRoom;

	private Instance poller;

	@BeforeEach
	void start() throws Exception {
		this.waldur = new FakeWaldur();
		this.staffRoom = new Receiver();
		this.poller = Instance.start(Map.of("vigil.mirror.enabled", "true", "vigil.mirror.tick", "50ms",
				"vigil.mirror.lease", "2s", "vigil.mirror.read-timeout", "1s", "vigil.mirror.connect-timeout", "1s",
				"vigil.notify.dispatch", "true", "vigil.notify.poll-interval", "100ms"));
	}

	@AfterEach
	void stop() throws Exception {
		this.poller.close();
		this.staffRoom.close();
		this.waldur.close();
	}

	@Test
	void anUnhealthySourceIsToldOnceAndItsRecoveryOnce() {
		UUID agent = this.waldur.status(this.waldur.offering(UUID.randomUUID(), "Acme Research", "HPC Cluster", null),
				"Order processing", Instant.now());
		ScheduledExecutorService talking = Executors.newSingleThreadScheduledExecutor();
		talking.scheduleAtFixedRate(() -> this.waldur.request(agent, Instant.now()), 0, 100, TimeUnit.MILLISECONDS);
		try {
			Response channel = this.api.post("/api/notification-channels/", ADMIN,
					Map.of("name", "Staff room", "kind", "webhook", "url", this.staffRoom.url()));
			assertThat(channel.status()).as(channel.body()).isEqualTo(201);
			Response created = this.api.post("/api/mirror-sources/", ADMIN,
					Map.of("name", "waldur", "url", this.waldur.api(), "token", FakeWaldur.TOKEN, "poll_interval",
							"PT0.2S", "timeouts", Map.of("Order processing", TIMEOUT.toString())));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			UUID source = Uuids.parse(created.field("uuid")).orElseThrow();
			await(Duration.ofSeconds(5), "first sync", () -> "healthy".equals(state(this.db, source)));

			// Down, poll after poll, past the agent's timeout, and failing in two ways.
			this.waldur.fault = FakeWaldur.Fault.MALFORMED;
			await(Duration.ofSeconds(5), "error", () -> "error".equals(state(this.db, source)));
			await(Duration.ofSeconds(5), "the message", () -> this.staffRoom.requests().size() == 1);
			this.waldur.fault = FakeWaldur.Fault.UNAUTHORIZED;
			await(Duration.ofSeconds(5), "unauthorized", () -> "unauthorized".equals(state(this.db, source)));
			sleep(TIMEOUT.multipliedBy(2).toMillis());
			assertThat(this.staffRoom.requests()).hasSize(1);
			String down = this.staffRoom.requests().get(0).text();
			assertThat(down).contains("Mirror source \u201cwaldur\u201d is error")
				.contains("\"to_state\":\"error\"")
				.contains("\"from_state\":\"healthy\"")
				.contains(this.waldur.api());
			assertThat(status(this.db, agent)).isEqualTo((short) 2);

			this.waldur.fault = FakeWaldur.Fault.NONE;
			await(Duration.ofSeconds(5), "recovery", () -> "healthy".equals(state(this.db, source)));
			await(Duration.ofSeconds(5), "the recovery message", () -> this.staffRoom.requests().size() == 2);
			sleep(1000);
			assertThat(this.staffRoom.requests()).hasSize(2);
			assertThat(this.staffRoom.requests().get(1).text()).contains("Mirror source \u201cwaldur\u201d recovered")
				.contains("\"from_state\":\"unauthorized\"");
			assertThat(status(this.db, agent)).isEqualTo((short) 2);
			assertThat(events(this.db, agent)).containsExactly("1>2:check_in");

			// The history, newest first, to staff only.
			List<Map<String, Object>> history = this.api
				.get("/api/mirror-sources/" + Uuids.hex(source) + "/events/", ADMIN)
				.list();
			assertThat(history).extracting((e) -> e.get("from_state") + ">" + e.get("to_state"))
				.containsExactly("unauthorized>healthy", "error>unauthorized", "healthy>error", "new>healthy");
			assertThat((String) history.get(1).get("error")).contains("401");
			assertThat(history.get(0).get("error")).isNull();
			String someone = this.fixtures.token(this.fixtures.user("someone"));
			assertThat(this.api.get("/api/mirror-sources/" + Uuids.hex(source) + "/events/", someone).status())
				.isEqualTo(404);

			// The deliveries, as staff sees them.
			List<Map<String, Object>> sent = this.api.get("/api/notifications/", ADMIN).list();
			assertThat(sent).hasSize(2).allSatisfy((d) -> assertThat(d.get("state")).isEqualTo("sent"));
			assertThat(sent).extracting((d) -> String.valueOf(((Map<?, ?>) d.get("source_event")).get("to_state")))
				.containsExactly("healthy", "error");
		}
		finally {
			talking.shutdownNow();
		}
	}

}
