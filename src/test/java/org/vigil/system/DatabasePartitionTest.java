package org.vigil.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.vigil.support.Api;
import org.vigil.support.Api.Response;
import org.vigil.support.Beside;
import org.vigil.support.Instance;
import org.vigil.support.OwnDatabase;
import org.vigil.support.TcpProxy;
import org.vigil.support.Await;

/**
 * A network partition between Vigil and PostgreSQL under load: for 12 s every packet is
 * silently dropped, with Vigil's default time limits. Every request answers within a few
 * seconds (200, or 503 with Retry-After), readiness answers at once and turns DOWN within
 * seconds, and service resumes by itself once the network is back.
 */
@Beside
class DatabasePartitionTest {

	private static final String ADMIN = "test-bootstrap-key-0123456789abcdef";

	private static final String CHECK_IN = "/api/marketplace-integration-statuses/check_in/";

	private static final Duration PARTITION = Duration.ofSeconds(12);

	@Test
	void requestsAnswerWithinSecondsDuringAPartitionAndServiceResumesByItself() throws Exception {
		String postgres = System.getProperty("spring.datasource.url", "");
		assumeTrue(postgres.startsWith("jdbc:postgresql:"),
				"PostgreSQL only: the embedded H2 has no network to partition, and H2's TCP client has no read timeout");
		URI target = URI.create(postgres.substring("jdbc:".length()));
		try (OwnDatabase database = OwnDatabase.create("partition");
				TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
				Instance vigil = Instance.start(Map.of("spring.datasource.url", proxy.route(database.url())))) {
			Api api = vigil.api();
			String customer = api.post("/api/customers/", ADMIN, Map.of("name", "Partition " + Instant.now()))
				.field("uuid");
			String offering = api
				.post("/api/marketplace-provider-offerings/", ADMIN, Map.of("name", "HPC", "customer", customer))
				.field("uuid");
			Supplier<Response> list = () -> api.get("/api/marketplace-integration-statuses/?page_size=50", ADMIN);
			Supplier<Response> checkIn = () -> api.post(CHECK_IN, ADMIN,
					Map.of("offering_uuid", offering, "agent_type", 1));
			Supplier<Response> readiness = () -> api.get("/actuator/health/readiness", null);

			Queue<Answer> requests = new ConcurrentLinkedQueue<>();
			Queue<Answer> probes = new ConcurrentLinkedQueue<>();
			AtomicBoolean stop = new AtomicBoolean();
			ExecutorService load = Executors.newFixedThreadPool(5);
			List<Future<?>> running = new ArrayList<>();
			for (Supplier<Response> request : List.of(list, list, checkIn, checkIn)) {
				running.add(load.submit(() -> {
					while (!stop.get()) {
						requests.add(Answer.of(request));
					}
				}));
			}
			running.add(load.submit(() -> {
				while (!stop.get()) {
					probes.add(Answer.of(readiness));
					// Real time: readiness is probed every 100 ms, as a load balancer
					// would.
					Thread.sleep(100);
				}
				return null;
			}));
			Instant partitioned;
			try {
				Await.atMost(Duration.ofSeconds(20))
					.alias("requests answered before the partition")
					.until(() -> requests.size() >= 50 && probes.size() >= 5);
				partitioned = Instant.now();
				proxy.blackhole();
				// Real time: the partition lasts as long as a real one may.
				Thread.sleep(PARTITION.toMillis());
				proxy.restore();
				for (Supplier<Response> request : List.of(readiness, list, checkIn)) {
					awaitOk(request, Duration.ofSeconds(30));
				}
			}
			finally {
				stop.set(true);
				for (Future<?> task : running) {
					task.get();
				}
				load.shutdown();
			}

			assertThat(requests).as("requests answered late, or other than 200 or 503 with Retry-After")
				.filteredOn((a) -> a.took().compareTo(Duration.ofSeconds(8)) > 0
						|| !(a.status() == 200 || a.status() == 503 && a.retryAfter()))
				.isEmpty();
			assertThat(requests).as("503s during the partition")
				.anySatisfy((a) -> assertThat(a.status()).isEqualTo(503));
			assertThat(probes).as("readiness answered late, or other than 200 or 503")
				.filteredOn((a) -> a.took().compareTo(Duration.ofSeconds(1)) > 0
						|| !(a.status() == 200 || a.status() == 503))
				.isEmpty();
			Instant down = probes.stream()
				.filter((a) -> a.status() == 503 && a.sent().isAfter(partitioned))
				.map(Answer::sent)
				.findFirst()
				.orElseThrow(() -> new AssertionError("readiness never turned DOWN: " + probes));
			assertThat(Duration.between(partitioned, down)).as("time until readiness turned DOWN")
				.isLessThanOrEqualTo(Duration.ofSeconds(5));
		}
	}

	private static void awaitOk(Supplier<Response> request, Duration timeout) {
		Await.atMost(timeout).untilAsserted(() -> {
			Response response = request.get();
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
		});
	}

	/**
	 * One request: when it was sent, how long it took, and how it was answered (-1: not
	 * at all; the body cut).
	 */
	record Answer(Instant sent, Duration took, int status, boolean retryAfter, String body) {

		static Answer of(Supplier<Response> request) {
			Instant sent = Instant.now();
			long start = System.nanoTime();
			try {
				Response response = request.get();
				String body = response.body();
				return new Answer(sent, Duration.ofNanos(System.nanoTime() - start), response.status(),
						response.header("Retry-After") != null, body.substring(0, Math.min(body.length(), 100)));
			}
			catch (UncheckedIOException ex) {
				return new Answer(sent, Duration.ofNanos(System.nanoTime() - start), -1, false, ex.toString());
			}
		}

	}

}
