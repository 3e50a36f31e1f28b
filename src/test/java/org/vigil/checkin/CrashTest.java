package org.vigil.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.support.Api;
import org.vigil.support.Api.Response;
import org.vigil.support.Beside;
import org.vigil.support.Fixtures;
import org.vigil.support.OwnDatabase;
import org.vigil.support.VigilProcess;
import org.vigil.support.Await;

/**
 * {@code kill -9} under check-in load, then a restart on the same data: every check-in
 * that was answered 200 is there, and so is a customer created just before the kill.
 * Vigil runs in a process of its own on the embedded default (an H2 file, in a fresh
 * directory) or, in the PostgreSQL pass, on PostgreSQL.
 */
@Beside
class CrashTest {

	private static final String ADMIN = "test-bootstrap-key-0123456789abcdef";

	private static final int AGENTS = 8;

	@Test
	void acknowledgedCheckInsAndAdministrationSurviveKill9(@TempDir Path directory) throws Exception {
		Map<String, String> settings = new HashMap<>(Map.of("vigil.bootstrap-token", ADMIN));
		// In the H2 pass no URL: the default of application.properties, an H2 file under
		// <directory>/data/
		try (OwnDatabase database = OwnDatabase.create("crash");
				VigilProcess vigil = VigilProcess.start(database.postgres() ? "crash-postgresql" : "crash-h2",
						directory, database.with(settings))) {
			Api api = vigil.api();
			Fixtures fixtures = vigil.fixtures(ADMIN);
			String customer = fixtures.customer("Crash " + Instant.now());
			List<String> offerings = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				offerings.add(fixtures.offering(customer, "Offering " + i));
			}

			Map<String, Instant> acknowledged = new ConcurrentHashMap<>();
			AtomicInteger answered = new AtomicInteger();
			AtomicBoolean killed = new AtomicBoolean();
			ExecutorService agents = Executors.newFixedThreadPool(AGENTS);
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < AGENTS; i++) {
				running.add(agents.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					while (!killed.get()) {
						Response response;
						try {
							response = api.post(CheckInTest.CHECK_IN, ADMIN,
									Map.of("offering_uuid", offerings.get(random.nextInt(offerings.size())),
											"agent_type", 1 + random.nextInt(5)));
						}
						catch (UncheckedIOException ex) {
							// the process is gone: this check-in was never answered
							continue;
						}
						assertThat(response.status()).as(response.toString()).isEqualTo(200);
						acknowledged.merge(response.field("uuid"),
								Instant.parse(response.field("last_request_timestamp")),
								(a, b) -> a.isAfter(b) ? a : b);
						answered.incrementAndGet();
					}
					return null;
				}));
			}
			String lastCustomer;
			try {
				Await.atMost(Duration.ofSeconds(30)).alias("500 check-ins answered").until(() -> answered.get() >= 500);
				lastCustomer = fixtures.customer("Created just before the kill");
				vigil.kill();
			}
			finally {
				killed.set(true);
				agents.shutdown();
			}
			for (Future<?> agent : running) {
				agent.get();
			}
			assertThat(answered.get()).as("check-ins answered 200 before the kill").isGreaterThanOrEqualTo(500);

			vigil.restart();
			Api restarted = vigil.api();
			List<String> lost = new ArrayList<>();
			acknowledged.forEach((uuid, latest) -> {
				Response status = restarted.get("/api/marketplace-integration-statuses/" + uuid + "/", ADMIN);
				if (status.status() != 200) {
					lost.add(uuid + ": acknowledged at " + latest + ", after the restart " + status);
				}
				else if (Instant.parse(status.field("last_request_timestamp")).isBefore(latest)) {
					lost.add(uuid + ": acknowledged at " + latest + ", after the restart "
							+ status.field("last_request_timestamp"));
				}
			});
			Response created = restarted.get("/api/customers/" + lastCustomer + "/", ADMIN);
			if (created.status() != 200) {
				lost.add("the customer created just before the kill: " + created);
			}
			assertThat(lost)
				.as("lost after the restart (%d check-ins were acknowledged); log: %s", answered.get(), vigil.log())
				.isEmpty();
		}
	}

}
