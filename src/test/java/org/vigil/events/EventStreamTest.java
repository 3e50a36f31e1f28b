package org.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.db.Tables.INTEGRATION_STATUS;
import static org.vigil.db.Tables.STATUS_EVENT;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.vigil.status.Status;
import org.vigil.support.Api.Response;
import org.vigil.support.ApiTest;
import org.vigil.support.EventStream;
import org.vigil.support.EventStream.Event;
import org.vigil.support.Instance;
import org.vigil.support.Await;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live stream pushes the caller's visible status events as they happen, from every
 * instance, and resumes with Last-Event-ID with exactly the events missed, a late commit
 * of a lower id included. The test profile's heartbeat is 1 s.
 */
class EventStreamTest extends ApiTest {

	private static final Duration SECOND = Duration.ofSeconds(1);

	@Autowired
	private Environment environment;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void aCheckInsEventArrivesWithinASecond() throws Exception {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		try (EventStream stream = EventStream.open(this.api.base(), ADMIN, null)) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
			Instant checkedIn = checkIn(offering, "Order processing");
			Event event = stream.next(Duration.ofSeconds(5));
			assertThat(event).isNotNull();
			assertThat(Duration.between(checkedIn, Instant.now())).isLessThan(SECOND);
			Map<String, Object> history = this.api.get("/api/marketplace-integration-status-events/", ADMIN)
				.list()
				.get(0);
			assertThat(event.data()).isEqualTo(history);
			assertThat(event.field("from_status")).isEqualTo("Unknown");
			assertThat(event.field("to_status")).isEqualTo("Active");
			assertThat(event.id()).matches("\\d+(,\\d+(-\\d+)?)*");
		}
	}

	@Test
	void anEventCommittedOnAnotherInstanceReachesAClientOfThisOne() throws Exception {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		try (Instance second = Instance
			.start(Map.of("spring.datasource.url", this.environment.getProperty("spring.datasource.url")));
				EventStream stream = EventStream.open(this.api.base(), ADMIN, null)) {
			Instant checkedIn = Instant.now();
			assertThat(second.api()
				.post("/api/marketplace-integration-statuses/check_in/", ADMIN,
						Map.of("offering_uuid", offering, "agent_type", "Usage reporting"))
				.status()).isEqualTo(200);
			Event event = stream.next(Duration.ofSeconds(5));
			assertThat(event).isNotNull();
			assertThat(Duration.between(checkedIn, Instant.now())).isLessThan(SECOND);
			assertThat(event.field("agent_type")).isEqualTo("Usage reporting");
			assertThat(event.field("offering_uuid")).isEqualTo(offering);
		}
	}

	@Test
	void resumingWithLastEventIdGetsExactlyTheEventsMissed() throws Exception {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		String lastId;
		try (EventStream stream = EventStream.open(this.api.base(), ADMIN, null)) {
			checkIn(offering, "Order processing");
			assertThat(stream.next(Duration.ofSeconds(5))).isNotNull();
			lastId = stream.lastId();
		}
		checkIn(offering, "Usage reporting");
		checkIn(offering, "Glauth sync");
		checkIn(offering, "Resource sync");
		List<String> missed = new ArrayList<>();
		this.api.get("/api/marketplace-integration-status-events/?page_size=3", ADMIN)
			.list()
			.forEach((e) -> missed.add(0, (String) e.get("uuid")));

		String markers = this.fixtures.offering(this.fixtures.customer("Markers"), "Markers");
		try (EventStream resumed = EventStream.open(this.api.base(), ADMIN, lastId)) {
			checkIn(markers, "Order processing");
			List<Event> events = resumed.until(from(markers), Duration.ofSeconds(5));
			assertThat(events.subList(0, events.size() - 1)).extracting((e) -> e.field("uuid"))
				.containsExactlyElementsOf(missed);
			// And on from there: the last one's id resumes after it with nothing before
			// the next event.
			String afterMarker = resumed.lastId();
			try (EventStream again = EventStream.open(this.api.base(), ADMIN, afterMarker)) {
				checkIn(markers, "Usage reporting");
				assertThat(again.until(from(markers), Duration.ofSeconds(5))).singleElement()
					.satisfies((e) -> assertThat(e.field("agent_type")).isEqualTo("Usage reporting"));
			}
		}
	}

	/**
	 * A transaction that took its event id first but commits last: the stream has sent
	 * the newer event meanwhile, and still sends the older one when it commits, to a
	 * client that is connected and to one that resumes from a cursor taken in between.
	 */
	@Test
	void anEventCommittedAfterANewerOneIsNotSkipped() throws Exception {
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		EventStream stream = EventStream.open(this.api.base(), ADMIN, null);
		checkIn(offering, "Order processing");
		assertThat(stream.next(Duration.ofSeconds(5)).field("agent_type")).isEqualTo("Order processing");
		String statusUuid = this.api.get("/api/marketplace-integration-statuses/", ADMIN)
			.list()
			.get(0)
			.get("uuid")
			.toString();
		long statusId = this.db.select(INTEGRATION_STATUS.ID)
			.from(INTEGRATION_STATUS)
			.where(INTEGRATION_STATUS.UUID.eq(UUID
				.fromString(statusUuid.replaceFirst("(\\w{8})(\\w{4})(\\w{4})(\\w{4})(\\w{12})", "$1-$2-$3-$4-$5"))))
			.fetchSingle(INTEGRATION_STATUS.ID);
		try (stream) {
			CountDownLatch inserted = new CountDownLatch(1);
			CountDownLatch commit = new CountDownLatch(1);
			UUID late = UUID.randomUUID();
			CompletableFuture<Void> slow = CompletableFuture
				.runAsync(() -> this.transactions.executeWithoutResult((t) -> {
					this.db.insertInto(STATUS_EVENT, STATUS_EVENT.UUID, STATUS_EVENT.INTEGRATION_STATUS_ID,
							STATUS_EVENT.FROM_STATUS, STATUS_EVENT.TO_STATUS, STATUS_EVENT.REASON, STATUS_EVENT.CREATED)
						.values(late, statusId, Status.ACTIVE.code(), Status.DISCONNECTED.code(), "timeout",
								Instant.now())
						.execute();
					inserted.countDown();
					await(commit);
				}));
			assertThat(inserted.await(5, TimeUnit.SECONDS)).isTrue();
			checkIn(offering, "Usage reporting");
			Event newer = stream.next(Duration.ofSeconds(5));
			assertThat(newer.field("agent_type")).isEqualTo("Usage reporting");
			String between = stream.lastId();
			assertThat(between).contains(",");

			commit.countDown();
			slow.get(5, TimeUnit.SECONDS);
			Event older = stream.next(Duration.ofSeconds(3));
			assertThat(older).isNotNull();
			assertThat(older.field("uuid")).isEqualTo(late.toString().replace("-", ""));
			try (EventStream resumed = EventStream.open(this.api.base(), ADMIN, between)) {
				checkIn(offering, "Glauth sync");
				assertThat(resumed.until((e) -> "Glauth sync".equals(e.field("agent_type")), Duration.ofSeconds(5)))
					.extracting((e) -> e.field("uuid"))
					.startsWith(late.toString().replace("-", ""))
					.hasSize(2);
			}
		}
	}

	@Test
	void anOwnerGetsOnlyTheirCustomersEvents() throws Exception {
		String acme = this.fixtures.customer("Acme");
		String beta = this.fixtures.customer("Beta");
		String acmeOffering = this.fixtures.offering(acme, "Acme HPC");
		String betaOffering = this.fixtures.offering(beta, "Beta HPC");
		String owner = this.fixtures.user("owner");
		this.fixtures.grantOnCustomer(acme, owner, "CUSTOMER.OWNER");
		String key = this.fixtures.token(owner);
		// The last check-in, Acme's, is the marker: Beta's events before it never come.
		Predicate<Event> marker = (e) -> "Usage reporting".equals(e.field("agent_type"))
				&& acmeOffering.equals(e.field("offering_uuid"));
		try (EventStream stream = EventStream.open(this.api.base(), key, null)) {
			checkIn(betaOffering, "Order processing");
			checkIn(acmeOffering, "Order processing");
			checkIn(betaOffering, "Usage reporting");
			checkIn(acmeOffering, "Usage reporting");
			List<Event> events = stream.until(marker, Duration.ofSeconds(5));
			assertThat(events).extracting((e) -> e.field("offering_uuid")).containsExactly(acmeOffering, acmeOffering);
		}
		// A resume, too, holds only theirs.
		try (EventStream resumed = EventStream.open(this.api.base(), key, "0")) {
			assertThat(resumed.until(marker, Duration.ofSeconds(5))).extracting((e) -> e.field("offering_uuid"))
				.containsExactly(acmeOffering, acmeOffering);
		}
	}

	@Test
	void needsCredentialsAndAUserKey() throws Exception {
		try (EventStream stream = EventStream.open(this.api.base(), null, null)) {
			assertThat(stream.status()).isEqualTo(401);
		}
		try (EventStream stream = EventStream.open(this.api.base(), "not-a-key-0123456789", null)) {
			assertThat(stream.status()).isEqualTo(401);
		}
		String offering = this.fixtures.offering(this.fixtures.customer("Acme"), "HPC");
		String agent = this.fixtures.agentToken(this.fixtures.user("agent"), offering);
		try (EventStream stream = EventStream.open(this.api.base(), agent, null)) {
			assertThat(stream.status()).isEqualTo(403);
		}
		try (EventStream stream = EventStream.open(this.api.base(), ADMIN, "12,x")) {
			assertThat(stream.status()).isEqualTo(400);
		}
	}

	@Test
	void anIdleStreamIsKeptAliveAndARevokedKeyEndsIt() throws Exception {
		String user = this.fixtures.user("watcher");
		String key = this.fixtures.token(user);
		try (EventStream stream = EventStream.open(this.api.base(), key, null)) {
			assertThat(stream.status()).isEqualTo(200);
			List<Map<String, Object>> tokens = this.api.get("/api/users/" + user + "/tokens/", ADMIN).list();
			assertThat(this.api.delete("/api/users/" + user + "/tokens/" + tokens.get(0).get("uuid") + "/", ADMIN)
				.status()).isEqualTo(204);
			// The next heartbeat finds the key revoked, and the stream ends.
			assertThat(stream.ended(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void aUserMayHoldFiveStreamsHereAndTheSixthIsToldToWait() throws Exception {
		String user = this.fixtures.user("watcher");
		String key = this.fixtures.token(user);
		String otherKeyOfTheSameUser = this.fixtures.token(user);
		List<EventStream> open = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				open.add(EventStream.open(this.api.base(), (i % 2 == 0) ? key : otherKeyOfTheSameUser, null));
				assertThat(open.get(i).status()).as("stream " + (i + 1)).isEqualTo(200);
			}
			for (String token : List.of(key, otherKeyOfTheSameUser)) {
				Response sixth = this.api.get(EventStream.PATH, token);
				assertThat(sixth.status()).as(sixth.toString()).isEqualTo(429);
				assertThat(sixth.header("Content-Type")).startsWith("application/json");
				assertThat(sixth.header("Retry-After")).isEqualTo("1");
				assertThat(sixth.json().get("detail")).asString().contains("5 live streams");
			}
			// Others are not affected.
			try (EventStream someoneElse = EventStream.open(this.api.base(), this.fixtures.userWithToken("other"),
					null)) {
				assertThat(someoneElse.status()).isEqualTo(200);
			}

			// A closed stream is noticed at its next heartbeat (1 s here); then there is
			// room again.
			open.remove(0).close();
			EventStream again = Await.atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
				EventStream attempt = EventStream.open(this.api.base(), key, null);
				if (attempt.status() == 429) {
					attempt.close();
				}
				return attempt;
			}, (attempt) -> attempt.status() != 429);
			open.add(again);
			assertThat(again.status()).isEqualTo(200);
		}
		finally {
			open.forEach(EventStream::close);
		}
	}

	private static Predicate<Event> from(String offering) {
		return (e) -> offering.equals(e.field("offering_uuid"));
	}

	private Instant checkIn(String offering, String type) {
		Instant before = Instant.now();
		assertThat(this.api
			.post("/api/marketplace-integration-statuses/check_in/", ADMIN,
					Map.of("offering_uuid", offering, "agent_type", type))
			.status()).isEqualTo(200);
		return before;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
