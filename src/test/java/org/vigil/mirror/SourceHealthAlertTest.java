package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.mirror.MirrorTestSupport.await;
import static org.vigil.mirror.MirrorTestSupport.events;
import static org.vigil.mirror.MirrorTestSupport.state;
import static org.vigil.mirror.MirrorTestSupport.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.Receiver;
import org.vigil.alerts.delivery.Dispatcher;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.web.Uuids;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * A source that stops answering is told to staff once, through a global channel, and its
 * return once more; failing in another way meanwhile, or failing poll after poll, tells
 * nothing new. Its history is kept and shown; no agent is disconnected meanwhile. The
 * test moves the clock and has the poller do its rounds (as {@link MirrorTest}); this
 * instance's dispatcher delivers for the length of the test.
 */
class SourceHealthAlertTest extends ApiTest {

	private static final Duration TIMEOUT = Duration.ofMillis(1500);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

	@Autowired
	private MirrorPoller poller;

	@Autowired
	private Dispatcher dispatcher;

	private FakeWaldur waldur;

	private Receiver staffRoom;

	@BeforeEach
	void start() throws Exception {
		this.clock.freeze();
		this.waldur = new FakeWaldur();
		this.staffRoom = new Receiver();
		this.dispatcher.start();
	}

	/**
	 * The dispatcher stops: this context stays cached for later tests, whose
	 * notifications are not its business.
	 */
	@AfterEach
	void stop() throws Exception {
		this.dispatcher.stop();
		this.staffRoom.close();
		this.waldur.close();
	}

	@Test
	void anUnhealthySourceIsToldOnceAndItsRecoveryOnce() {
		UUID agent = this.waldur.status(this.waldur.offering(UUID.randomUUID(), "Acme Research", "HPC Cluster", null),
				"Order processing", this.clock.instant());
		Response channel = this.api.post("/api/notification-channels/", ADMIN,
				Map.of("name", "Staff room", "kind", "webhook", "url", this.staffRoom.url()));
		assertThat(channel.status()).as(channel.body()).isEqualTo(201);
		Response created = this.api.post("/api/mirror-sources/", ADMIN,
				Map.of("name", "waldur", "url", this.waldur.api(), "token", FakeWaldur.TOKEN, "poll_interval",
						POLL_INTERVAL.toString(), "timeouts", Map.of("Order processing", TIMEOUT.toString())));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		UUID source = Uuids.parse(created.field("uuid")).orElseThrow();
		poll(agent);
		assertThat(state(this.db, source)).isEqualTo("healthy");

		// Down, poll after poll, past the agent's timeout, and failing in two ways.
		this.waldur.fault = FakeWaldur.Fault.MALFORMED;
		poll(agent);
		assertThat(state(this.db, source)).isEqualTo("error");
		await(Duration.ofSeconds(5), "the message", () -> this.staffRoom.requests().size() == 1);
		this.waldur.fault = FakeWaldur.Fault.UNAUTHORIZED;
		poll(agent);
		assertThat(state(this.db, source)).isEqualTo("unauthorized");
		Instant past = this.clock.instant().plus(TIMEOUT.multipliedBy(2));
		while (this.clock.instant().isBefore(past)) {
			poll(agent);
		}
		// Nothing more can go out: the polls are over and their one notification
		// was sent.
		awaitAllSent(1);
		assertThat(this.staffRoom.requests()).hasSize(1);
		String down = this.staffRoom.requests().get(0).text();
		assertThat(down).contains("Mirror source \u201cwaldur\u201d is error")
			.contains("\"to_state\":\"error\"")
			.contains("\"from_state\":\"healthy\"")
			.contains(this.waldur.api());
		assertThat(status(this.db, agent)).isEqualTo((short) 2);

		this.waldur.fault = FakeWaldur.Fault.NONE;
		poll(agent);
		assertThat(state(this.db, source)).isEqualTo("healthy");
		poll(agent);
		awaitAllSent(2);
		assertThat(this.staffRoom.requests()).hasSize(2);
		assertThat(this.staffRoom.requests().get(1).text()).contains("Mirror source \u201cwaldur\u201d recovered")
			.contains("\"from_state\":\"unauthorized\"");
		assertThat(status(this.db, agent)).isEqualTo((short) 2);
		assertThat(events(this.db, agent)).containsExactly("1>2:check_in");

		// The history, newest first, to staff only.
		List<Map<String, Object>> history = this.api.get("/api/mirror-sources/" + Uuids.hex(source) + "/events/", ADMIN)
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

	/**
	 * The agent talks to Waldur (whether or not the mirror can see it), and a poll
	 * interval later this instance's poller does a round.
	 */
	private void poll(UUID agent) {
		this.waldur.request(agent, this.clock.instant());
		this.clock.advance(POLL_INTERVAL);
		this.poller.round();
		this.dispatcher.wake();
	}

	private void awaitAllSent(int notifications) {
		await(Duration.ofSeconds(5), notifications + " notifications sent", () -> {
			List<Map<String, Object>> sent = this.api.get("/api/notifications/", ADMIN).list();
			return sent.size() == notifications && sent.stream().allMatch((d) -> "sent".equals(d.get("state")));
		});
	}

}
