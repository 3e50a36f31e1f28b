package org.vigil.alerts.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.Receiver;
import org.vigil.support.Api.Response;
import org.vigil.support.Api;
import org.vigil.support.Beside;
import org.vigil.support.Fixtures;
import org.vigil.support.OwnDatabase;
import org.vigil.support.VigilProcess;
import org.vigil.support.Await;

/**
 * {@code kill -9} between a disconnection and its alert: the transition's outbox row
 * committed with its event, so the alert goes out after the restart, once. Vigil runs in
 * a process of its own, on an H2 file or, in the PostgreSQL pass, on PostgreSQL, with
 * group_wait long enough (5 s) that the kill always comes before the send.
 */
@Beside
class AlertCrashTest {

	private static final String ADMIN = "test-bootstrap-key-0123456789abcdef";

	@Test
	void aDisconnectionCommittedBeforeTheKillIsSentAfterTheRestart(@TempDir Path directory) throws Exception {
		Map<String, String> settings = new HashMap<>(Map.of("vigil.bootstrap-token", ADMIN,
				"vigil.liveness.timeouts.order-processing", "PT2S", "vigil.liveness.sweep-interval", "200ms",
				"vigil.liveness.startup-grace", "PT1M", "vigil.notify.group-wait", "PT5S", "vigil.notify.poll-interval",
				"200ms", "vigil.notify.allow-hosts", "127.0.0.1"));
		try (Receiver chat = new Receiver();
				OwnDatabase database = OwnDatabase.create("alert_crash");
				VigilProcess vigil = VigilProcess.start("alert-crash", directory, database.with(settings))) {
			Api api = vigil.api();
			Fixtures fixtures = vigil.fixtures(ADMIN);
			String customer = fixtures.customer("Killed before telling");
			String offering = fixtures.offering(customer, "HPC Cluster");
			Response channel = api.post("/api/notification-channels/", ADMIN,
					Map.of("name", "Chat", "kind", "slack", "url", chat.url(), "customer", customer));
			assertThat(channel.status()).as(channel.toString()).isEqualTo(201);
			String status = api
				.post("/api/marketplace-integration-statuses/check_in/", ADMIN,
						Map.of("offering_uuid", offering, "agent_type", "Order processing"))
				.field("uuid");

			awaitDisconnected(api, status);
			vigil.kill();
			assertThat(chat.requests()).as("nothing was sent before the kill").isEmpty();

			vigil.restart();
			Await.atMost(Duration.ofSeconds(30))
				.alias("a delivery after the restart")
				.until(() -> !chat.accepted().isEmpty());
			assertThat(chat.accepted()).as("deliveries after the restart").hasSize(1).containsValue(1);
			assertThat(chat.requests().get(0).text()).contains("HPC Cluster").containsIgnoringCase("disconnected");
		}
	}

	private static void awaitDisconnected(Api api, String status) {
		Await.atMost(Duration.ofSeconds(20))
			.alias("the status timed out")
			.until(() -> "Disconnected"
				.equals(api.get("/api/marketplace-integration-statuses/" + status + "/", ADMIN).field("status")));
	}

}
