package org.vigil.checkin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.vigil.support.Api;
import org.vigil.support.Api.Response;
import org.vigil.support.Instance;
import org.vigil.support.TcpProxy;
import org.vigil.support.Await;

/**
 * The database goes away under load and comes back: meanwhile clear 503s with Retry-After
 * and a DOWN readiness, never a 500; afterwards check-ins succeed again without a
 * restart. Runs against PostgreSQL in the PostgreSQL pass, else against an H2 server,
 * through a proxy that can cut it.
 */
class DatabaseOutageTest {

	private static final String ADMIN = "test-bootstrap-key-0123456789abcdef";

	@Test
	void checkInsGet503WhileTheDatabaseIsAwayAndRecoverWhenItReturns() throws Exception {
		String postgres = System.getProperty("spring.datasource.url", "");
		Server h2 = postgres.startsWith("jdbc:postgresql:") ? null
				: Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
		URI target = postgres.startsWith("jdbc:postgresql:") ? URI.create(postgres.substring(5)) : null;
		try (TcpProxy proxy = (target != null) ? new TcpProxy(target.getHost(), target.getPort())
				: new TcpProxy("127.0.0.1", h2.getPort());
				Instance vigil = Instance.start(Map.of("spring.datasource.url", throughProxy(postgres, proxy),
						"spring.datasource.hikari.connection-timeout", "1000", "vigil.auth.epoch-poll", "200ms"))) {
			Api api = vigil.api();
			String customer = api.post("/api/customers/", ADMIN, Map.of("name", "Outage " + Instant.now()))
				.field("uuid");
			String offering = api
				.post("/api/marketplace-provider-offerings/", ADMIN, Map.of("name", "HPC", "customer", customer))
				.field("uuid");

			ConcurrentMap<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
			AtomicBoolean missingRetryAfter = new AtomicBoolean();
			AtomicBoolean stop = new AtomicBoolean();
			ExecutorService agents = Executors.newFixedThreadPool(8);
			List<Future<?>> running = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				int type = 1 + i % 5;
				running.add(agents.submit(() -> {
					while (!stop.get()) {
						Response response = api.post(CheckInTest.CHECK_IN, ADMIN,
								Map.of("offering_uuid", offering, "agent_type", type));
						answers.computeIfAbsent(response.status(), (s) -> new AtomicInteger()).incrementAndGet();
						if (response.status() == 503 && response.header("Retry-After") == null) {
							missingRetryAfter.set(true);
						}
					}
				}));
			}
			try {
				awaitAnswers(answers, 200, 20);
				proxy.cut();
				awaitStatus(api, "/actuator/health/readiness", 503, Duration.ofSeconds(20));
				awaitAnswers(answers, 503, 20);
				proxy.restore();
				awaitStatus(api, "/actuator/health/readiness", 200, Duration.ofSeconds(30));
				Instant back = Instant.now();
				Response after;
				do {
					after = api.post(CheckInTest.CHECK_IN, ADMIN, Map.of("offering_uuid", offering, "agent_type", 1));
				}
				while (after.status() != 200 && Instant.now().isBefore(back.plusSeconds(30)));
				assertThat(after.status()).as(after.toString()).isEqualTo(200);
			}
			finally {
				stop.set(true);
				for (Future<?> agent : running) {
					agent.get();
				}
				agents.shutdown();
			}
			assertThat(answers.keySet()).as("answers seen: %s", answers).containsOnly(200, 503);
			assertThat(answers.get(503).get()).isPositive();
			assertThat(missingRetryAfter).isFalse();
		}
		finally {
			if (h2 != null) {
				h2.stop();
			}
		}
	}

	private static String throughProxy(String postgres, TcpProxy proxy) {
		if (postgres.startsWith("jdbc:postgresql:")) {
			return proxy.route(postgres);
		}
		return "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:outage;DB_CLOSE_DELAY=-1";
	}

	/** Until the agents have had this many more answers of this status. */
	private static void awaitAnswers(ConcurrentMap<Integer, AtomicInteger> answers, int status, int more) {
		int before = answers.computeIfAbsent(status, (s) -> new AtomicInteger()).get();
		Await.atMost(Duration.ofSeconds(20))
			.alias(more + " more answers " + status)
			.until(() -> answers.get(status).get() >= before + more);
	}

	private static void awaitStatus(Api api, String path, int status, Duration timeout) {
		Await.atMost(timeout).untilAsserted(() -> assertThat(api.get(path, null).status()).as(path).isEqualTo(status));
	}

}
