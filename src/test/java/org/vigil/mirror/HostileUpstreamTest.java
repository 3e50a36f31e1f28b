package org.vigil.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.mirror.MirrorTestSupport.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.mirror.HostileUpstream.Attack;
import org.vigil.support.Api;
import org.vigil.support.Api.Response;
import org.vigil.support.Beside;
import org.vigil.support.OwnDatabase;
import org.vigil.support.VigilProcess;
import org.vigil.web.Uuids;

/**
 * Upstreams that attack the mirror (a page of millions of tiny items, endless next links,
 * a megabyte {@code Link} header, a body that drips or stops, CR and LF in texts) against
 * Vigil in a process of its own with a 256 MiB heap, as an operator runs it: it stays up
 * and keeps answering within a second, each hostile source ends in {@code error} naming
 * the limit it hit, a source cut off keeps its statuses as they were, and a good source
 * next to them keeps being polled. On the embedded default, and on PostgreSQL in the
 * PostgreSQL pass.
 */
@Beside
class HostileUpstreamTest {

	private static final String ADMIN = "test-bootstrap-key-0123456789abcdef";

	private static final Duration BUDGET = Duration.ofSeconds(5);

	private final List<UUID> created = new ArrayList<>();

	private static final Map<Attack, String> LIMIT_NAMED = Map.ofEntries(
			Map.entry(Attack.TINY_ITEMS, "a page over max-page-items (1000)"),
			Map.entry(Attack.MANY_FIELDS, "a status without a url naming it"),
			Map.entry(Attack.ENDLESS_PAGES, "more than max-pages (50) pages"),
			Map.entry(Attack.MEGABYTE_LINK, "a header line over 64 KiB"),
			Map.entry(Attack.LONG_LINKS, "a Link header over 64 KiB"),
			Map.entry(Attack.OTHER_ORIGIN, "A next link to another origin: localhost"),
			Map.entry(Attack.CREDENTIALS_IN_LINK, "a next link with credentials"),
			Map.entry(Attack.LONG_TEXT, "a text over 64 KiB"),
			Map.entry(Attack.DEEP_NESTING, "JSON nested deeper than 100"),
			Map.entry(Attack.DRIP, "the poll budget PT5S ran out"),
			Map.entry(Attack.STALL, "the poll budget PT5S ran out"),
			Map.entry(Attack.LINE_BREAKS, "HTTP 500 from /line-breaks/api/marketplace-integration-statuses/: "
					+ "Broken\\r\\nFORGED log line\\u2028and more"));

	@Test
	void aHostileUpstreamCannotHurtVigil(@TempDir Path directory) throws Exception {
		Map<String, String> settings = new HashMap<>(Map.of("vigil.bootstrap-token", ADMIN, "vigil.mirror.tick",
				"200ms", "vigil.mirror.max-pages", "50", "vigil.mirror.poll-budget", BUDGET.toString()));
		// The read timeout stays at its 30 s: a body that stops is cut off by the budget.
		try (HostileUpstream hostile = new HostileUpstream();
				FakeWaldur good = new FakeWaldur();
				FakeWaldur turning = new FakeWaldur();
				OwnDatabase database = OwnDatabase.create("hostile");
				VigilProcess vigil = VigilProcess.start("hostile-upstream", directory, database.with(settings))) {
			Api api = vigil.api();
			try {
				attack(api, hostile, good, turning, vigil);
			}
			finally {
				// On PostgreSQL the database outlives the test.
				this.created.forEach((uuid) -> api.delete("/api/mirror-sources/" + Uuids.hex(uuid) + "/", ADMIN));
			}
		}
	}

	private void attack(Api api, HostileUpstream hostile, FakeWaldur good, FakeWaldur turning, VigilProcess vigil)
			throws Exception {
		good.status(good.offering(UUID.randomUUID(), "Good Org", "Good Cluster", null), "Order processing",
				Instant.now());
		UUID goodSource = source(api, "good", good.api(), FakeWaldur.TOKEN, "PT0.5S");
		// A source read well while its agent talks, then cut off by a limit as the
		// agent falls silent: its status must not be disconnected, as for an
		// unreachable source.
		UUID frozenStatus = turning.status(turning.offering(UUID.randomUUID(), "Turning Org", "Turning", null),
				"Order processing", Instant.now());
		ScheduledExecutorService agent = Executors.newSingleThreadScheduledExecutor();
		agent.scheduleAtFixedRate(() -> turning.request(frozenStatus, Instant.now()), 0, 100, TimeUnit.MILLISECONDS);
		UUID turningSource = source(api, "turning", turning.api(), FakeWaldur.TOKEN, "PT0.5S");
		try {
			await(Duration.ofSeconds(20), "the first sync of the good sources",
					() -> "healthy".equals(state(api, turningSource).get("state"))
							&& "healthy".equals(state(api, goodSource).get("state"))
							&& "Active".equals(status(api, frozenStatus)));
			turning.endlessPages = true;
		}
		finally {
			agent.shutdownNow();
		}

		Latency latency = new Latency(api);
		latency.start();
		Map<Attack, UUID> sources = new HashMap<>();
		for (Attack attack : Attack.values()) {
			sources.put(attack, source(api, attack.path(), hostile.api(attack), "any-token-0123456789", "PT1H"));
		}
		await(Duration.ofSeconds(60), "every hostile source in error",
				() -> sources.values().stream().allMatch((s) -> "error".equals(state(api, s).get("state")))
						&& "error".equals(state(api, turningSource).get("state")));
		latency.finish();

		List<String> wrong = new ArrayList<>();
		sources.forEach((attack, source) -> {
			String error = (String) state(api, source).get("last_error");
			if (!error.contains(LIMIT_NAMED.get(attack)) || error.contains("\n") || error.contains("\r")) {
				wrong.add(attack + ": " + error);
			}
		});
		assertThat(wrong).as("last errors that do not name the limit hit").isEmpty();
		assertThat(hostile.elsewhere).as("requests (and tokens) sent to another origin").isEmpty();
		assertThat((String) state(api, turningSource).get("last_error"))
			.contains("more than max-pages (50) pages in one poll");
		assertThat(latency.slowest()).as("the slowest of %d requests while the attacks ran", latency.count())
			.isLessThan(Duration.ofSeconds(1));

		// The good source is still polled after every attack was answered.
		Instant attacked = Instant.parse((String) state(api, sources.get(Attack.STALL)).get("last_error_at"));
		await(Duration.ofSeconds(10), "a poll of the good source after the attacks",
				() -> Instant.parse((String) state(api, goodSource).get("last_success")).isAfter(attacked));
		assertThat(state(api, goodSource).get("state")).isEqualTo("healthy");
		// Well past its 1 s timeout, the status of the source cut off is as it was.
		assertThat(Instant.parse(status(api, frozenStatus, "last_request_timestamp")).plusSeconds(1))
			.isBefore(Instant.now());
		assertThat(status(api, frozenStatus)).isEqualTo("Active");

		// Names with line breaks are kept as names; nothing from outside starts a
		// line of the log.
		List<String> forged = Files.readAllLines(vigil.log())
			.stream()
			.filter((line) -> line.startsWith("FORGED") || line.contains("OutOfMemoryError"))
			.toList();
		assertThat(forged).as("log: %s", vigil.log()).isEmpty();
		assertThat(api.get("/api/users/me/", ADMIN).status()).isEqualTo(200);
	}

	private UUID source(Api api, String name, String url, String token, String pollInterval) {
		Response created = api.post("/api/mirror-sources/", ADMIN, Map.of("name", name, "url", url, "token", token,
				"poll_interval", pollInterval, "timeouts", Map.of("Order processing", "PT1S")));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		UUID uuid = Uuids.parse(created.field("uuid")).orElseThrow();
		this.created.add(uuid);
		return uuid;
	}

	private static Map<String, Object> state(Api api, UUID source) {
		return api.get("/api/mirror-sources/" + Uuids.hex(source) + "/", ADMIN).json();
	}

	private static String status(Api api, UUID status) {
		return status(api, status, "status");
	}

	private static String status(Api api, UUID status, String field) {
		Response shown = api.get("/api/marketplace-integration-statuses/" + Uuids.hex(status) + "/", ADMIN);
		return (shown.status() == 200) ? shown.field(field) : null;
	}

	/** Asks Vigil who the caller is, over and over, and keeps the slowest answer. */
	private static final class Latency extends Thread {

		private final Api api;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong slowest = new AtomicLong();

		private final AtomicLong count = new AtomicLong();

		Latency(Api api) {
			super("latency");
			this.api = api;
			setDaemon(true);
		}

		@Override
		public void run() {
			while (this.running.get()) {
				long start = System.nanoTime();
				int status = this.api.get("/api/users/me/", ADMIN).status();
				long took = System.nanoTime() - start;
				this.slowest.accumulateAndGet((status == 200) ? took : Long.MAX_VALUE, Math::max);
				this.count.incrementAndGet();
				MirrorTestSupport.sleep(100);
			}
		}

		void finish() throws InterruptedException {
			this.running.set(false);
			join();
		}

		Duration slowest() {
			return Duration.ofNanos(this.slowest.get());
		}

		long count() {
			return this.count.get();
		}

	}

}
