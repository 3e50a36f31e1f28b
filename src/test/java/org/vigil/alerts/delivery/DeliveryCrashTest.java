package org.vigil.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.CUSTOMER;
import static org.vigil.db.Tables.OFFERING;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.jooq.DSLContext;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.Receiver;
import org.vigil.alerts.delivery.AlertRows.NewItem;
import org.vigil.alerts.delivery.AlertRows.Notification;
import org.vigil.status.AgentType;
import org.vigil.status.Status;
import org.vigil.support.Api;
import org.vigil.support.Beside;
import org.vigil.support.OwnDatabase;
import org.vigil.support.Schema;
import org.vigil.support.VigilProcess;
import org.vigil.web.Uuids;
import org.vigil.support.Await;

/**
 * {@code kill -9} of a Vigil process while it delivers: one notification is in flight to
 * a receiver that hangs (claimed, sent, never answered), another waits for a receiver
 * that refuses connections. After the restart, with both receivers back, each is
 * delivered exactly once as the receivers count it; the only repeat is the request that
 * was in flight at the kill, which its receiver never answered. Vigil runs in a process
 * of its own on an H2 file or, in the PostgreSQL pass, on PostgreSQL.
 */
@Beside
class DeliveryCrashTest {

	private static final String ADMIN = "test-bootstrap-key-0123456789abcdef";

	@Test
	void pendingAndInFlightDeliveriesSurviveKill9(@TempDir Path directory) throws Exception {
		// A read timeout of seconds: an answer from a receiver is not taken for a timeout
		// (and sent again) on a busy machine.
		Map<String, String> settings = new HashMap<>(
				Map.of("vigil.bootstrap-token", ADMIN, "vigil.notify.poll-interval", "100ms", "vigil.notify.retry-base",
						"200ms", "vigil.notify.retry-max", "500ms", "vigil.notify.connect-timeout", "500ms",
						"vigil.notify.read-timeout", "3s", "vigil.notify.allow-hosts", "127.0.0.1"));
		try (OwnDatabase database = OwnDatabase.create("delivery_crash");
				Receiver refusing = new Receiver();
				Receiver hanging = new Receiver()) {
			boolean onPostgres = database.postgres();
			String url = onPostgres ? database.url() : "jdbc:h2:file:"
					+ directory.resolve("data/vigil").toAbsolutePath() + ";WRITE_DELAY=0;RETENTION_TIME=0";
			refusing.stop();
			hanging.answer(Receiver.Mode.HANG);
			hanging.hangFor(120_000);
			Notification[] notifications = prepare(url, refusing.url(), hanging.url());
			Notification waiting = notifications[0];
			Notification inFlight = notifications[1];

			try (VigilProcess vigil = VigilProcess.start(onPostgres ? "delivery-crash-postgresql" : "delivery-crash-h2",
					directory, database.with(settings))) {
				Api api = vigil.api();
				await(() -> !hanging.requests().isEmpty() && !attempts(api, waiting).isEmpty());
				vigil.kill();

				refusing.start();
				hanging.answer(Receiver.Mode.OK);
				vigil.restart();
				Api restarted = vigil.api();
				await(() -> state(restarted, waiting).equals("sent") && state(restarted, inFlight).equals("sent"));

				assertThat(refusing.accepted()).isEqualTo(Map.of(waiting.hex(), 1));
				assertThat(hanging.accepted()).isEqualTo(Map.of(inFlight.hex(), 1));
				// On a busy machine the hanging request may time out and be tried again
				// before
				// the kill: each try that timed out is recorded, the one in flight at the
				// kill
				// is not.
				List<Receiver.Mode> answers = hanging.requests().stream().map(Receiver.Request::answered).toList();
				int hung = answers.size() - 1;
				assertThat(answers).as("the requests in flight at the kill or timed out before it, then the delivery")
					.containsExactlyElementsOf(Stream
						.concat(Collections.nCopies(hung, Receiver.Mode.HANG).stream(), Stream.of(Receiver.Mode.OK))
						.toList());
				List<Map<String, Object>> inFlightAttempts = attempts(restarted, inFlight);
				assertThat(inFlightAttempts).as("the attempt cut short by the kill left no record")
					.extracting((attempt) -> attempt.get("outcome"))
					.containsExactlyElementsOf(
							Stream.concat(Collections.nCopies(hung - 1, "timeout").stream(), Stream.of("HTTP 200"))
								.toList());
				List<Map<String, Object>> waitingAttempts = attempts(restarted, waiting);
				assertThat(waitingAttempts.get(0)).containsEntry("outcome", "refused");
				assertThat(waitingAttempts).last().satisfies((a) -> assertThat(a).containsEntry("succeeded", true));
			}
		}
	}

	/**
	 * The schema, a customer with two disconnected statuses, two channels and a
	 * notification to each, written before Vigil starts (an H2 file has one user at a
	 * time).
	 */
	private static Notification[] prepare(String url, String refusingUrl, String hangingUrl) throws Exception {
		// H2's user is Vigil's default (sa, no password); PostgreSQL's is in the URL.
		String user = url.startsWith("jdbc:h2:") ? "sa" : null;
		Schema.flyway(url, user, (user != null) ? "" : null).migrate();
		try (Connection connection = (user != null) ? DriverManager.getConnection(url, user, "")
				: DriverManager.getConnection(url)) {
			// Names unquoted, as Vigil renders them (system.DatabaseConfig).
			DSLContext db = DSL.using(connection, new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER));
			Instant now = AlertRows.now();
			long customer = db.insertInto(CUSTOMER, CUSTOMER.UUID, CUSTOMER.NAME, CUSTOMER.CREATED)
				.values(UUID.randomUUID(), "Crash " + now, now)
				.returningResult(CUSTOMER.ID)
				.fetchSingle()
				.value1();
			UUID offering = UUID.randomUUID();
			db.insertInto(OFFERING, OFFERING.UUID, OFFERING.NAME, OFFERING.SLUG, OFFERING.TYPE, OFFERING.CUSTOMER_ID,
					OFFERING.CREATED)
				.values(offering, "HPC Cluster", "crash-" + offering, "Marketplace.Slurm", customer, now)
				.execute();
			AlertRows rows = new AlertRows(db);
			Notification[] notifications = new Notification[2];
			int i = 0;
			for (String receiver : List.of(refusingUrl, hangingUrl)) {
				AgentType type = AgentType.values()[i];
				long status = rows.status(Uuids.hex(offering), type, Status.DISCONNECTED);
				NewItem item = new NewItem("disconnected",
						rows.event(status, Status.ACTIVE, Status.DISCONNECTED, "timeout", now), status);
				Recipient channel = rows.webhook("Receiver " + i, receiver, "secret-0123456789", customer, true);
				notifications[i++] = rows.notification(channel, customer, now, List.of(item));
			}
			return notifications;
		}
	}

	private static List<Map<String, Object>> attempts(Api api, Notification notification) {
		return (List<Map<String, Object>>) delivery(api, notification).get("attempts");
	}

	private static String state(Api api, Notification notification) {
		return (String) delivery(api, notification).get("state");
	}

	private static Map<String, Object> delivery(Api api, Notification notification) {
		Api.Response response = api.get("/api/notifications/" + notification.hex() + "/", ADMIN);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static void await(BooleanSupplier condition) {
		Await.atMost(Duration.ofSeconds(30)).alias("waited 30 s").until(condition::getAsBoolean);
	}

}
